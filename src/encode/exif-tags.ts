/**
 * The EXIF/TIFF vocabulary shared by the writer (exif.ts) and the reader (exif-read.ts): field
 * types, the directories a block can hold, and the tags this project writes or names when read.
 * Numbers and types are those of Exif 2.32 (CIPA DC-008).
 */

/** TIFF field types (TIFF 6.0 section 2; Exif 2.32, CIPA DC-008, section 4.6.2). */
export const TiffType = {
  BYTE: 1,
  ASCII: 2,
  SHORT: 3,
  LONG: 4,
  RATIONAL: 5,
  SBYTE: 6,
  UNDEFINED: 7,
  SSHORT: 8,
  SLONG: 9,
  SRATIONAL: 10,
  FLOAT: 11,
  DOUBLE: 12,
} as const;
export type TiffType = (typeof TiffType)[keyof typeof TiffType];

/** Bytes per component of each field type (index = type). */
export const TYPE_SIZE: readonly number[] = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];

/** The directories of an EXIF block. IFD1 holds a thumbnail; this project never writes one. */
export type ExifDirectory = 'IFD0' | 'Exif' | 'GPS' | 'Interop' | 'IFD1';

/** Pointer tags that lead from one directory to another. */
export const EXIF_IFD_POINTER = 0x8769;
export const GPS_IFD_POINTER = 0x8825;
export const INTEROP_IFD_POINTER = 0xa005;

/** The magic that precedes the TIFF header in a JPEG APP1 segment ("Exif\0\0"). */
export const EXIF_HEADER: Uint8Array = Uint8Array.of(0x45, 0x78, 0x69, 0x66, 0x00, 0x00);

/** Tags of IFD0 (and IFD1), the primary-image directory. */
const IMAGE_TAGS: Record<number, string> = {
  0x0100: 'ImageWidth',
  0x0101: 'ImageLength',
  0x010e: 'ImageDescription',
  0x010f: 'Make',
  0x0110: 'Model',
  0x0112: 'Orientation',
  0x011a: 'XResolution',
  0x011b: 'YResolution',
  0x0128: 'ResolutionUnit',
  0x0131: 'Software',
  0x0132: 'DateTime',
  0x013b: 'Artist',
  0x0201: 'JPEGInterchangeFormat',
  0x0202: 'JPEGInterchangeFormatLength',
  0x0213: 'YCbCrPositioning',
  0x8298: 'Copyright',
  [EXIF_IFD_POINTER]: 'ExifIFDPointer',
  [GPS_IFD_POINTER]: 'GPSInfo',
};

/** Tags of the Exif sub-IFD. */
const EXIF_TAGS: Record<number, string> = {
  0x829a: 'ExposureTime',
  0x829d: 'FNumber',
  0x8822: 'ExposureProgram',
  0x8827: 'ISOSpeedRatings',
  0x8830: 'SensitivityType',
  0x9000: 'ExifVersion',
  0x9003: 'DateTimeOriginal',
  0x9004: 'DateTimeDigitized',
  0x9010: 'OffsetTime',
  0x9011: 'OffsetTimeOriginal',
  0x9012: 'OffsetTimeDigitized',
  0x9101: 'ComponentsConfiguration',
  0x9201: 'ShutterSpeedValue',
  0x9202: 'ApertureValue',
  0x9203: 'BrightnessValue',
  0x9204: 'ExposureBiasValue',
  0x9205: 'MaxApertureValue',
  0x9206: 'SubjectDistance',
  0x9207: 'MeteringMode',
  0x9208: 'LightSource',
  0x9209: 'Flash',
  0x920a: 'FocalLength',
  0x927c: 'MakerNote',
  0x9286: 'UserComment',
  0x9290: 'SubSecTime',
  0x9291: 'SubSecTimeOriginal',
  0xa000: 'FlashpixVersion',
  0xa001: 'ColorSpace',
  0xa002: 'PixelXDimension',
  0xa003: 'PixelYDimension',
  [INTEROP_IFD_POINTER]: 'InteroperabilityIFDPointer',
  0xa401: 'CustomRendered',
  0xa402: 'ExposureMode',
  0xa403: 'WhiteBalance',
  0xa404: 'DigitalZoomRatio',
  0xa405: 'FocalLengthIn35mmFilm',
  0xa406: 'SceneCaptureType',
  0xa420: 'ImageUniqueID',
  0xa430: 'CameraOwnerName',
  0xa431: 'BodySerialNumber',
  0xa433: 'LensMake',
  0xa434: 'LensModel',
  0xa435: 'LensSerialNumber',
};

/** Tags of the GPS sub-IFD (named so that their presence is plain to see when read). */
const GPS_TAGS: Record<number, string> = {
  0x0000: 'GPSVersionID',
  0x0001: 'GPSLatitudeRef',
  0x0002: 'GPSLatitude',
  0x0003: 'GPSLongitudeRef',
  0x0004: 'GPSLongitude',
  0x0005: 'GPSAltitudeRef',
  0x0006: 'GPSAltitude',
  0x0007: 'GPSTimeStamp',
  0x001d: 'GPSDateStamp',
};

const INTEROP_TAGS: Record<number, string> = {
  0x0001: 'InteroperabilityIndex',
  0x0002: 'InteroperabilityVersion',
};

/** The name of a tag in a directory; unknown tags are named by number ("Tag0x9999", "GPSTag0x0010"). */
export function tagName(directory: ExifDirectory, tag: number): string {
  const table =
    directory === 'Exif' ? EXIF_TAGS : directory === 'GPS' ? GPS_TAGS : directory === 'Interop' ? INTEROP_TAGS : IMAGE_TAGS;
  const known = table[tag];
  if (known !== undefined) return known;
  const hex = `0x${tag.toString(16).padStart(4, '0')}`;
  return directory === 'GPS' ? `GPSTag${hex}` : `Tag${hex}`;
}
