/**
 * The simulator's answers, shaped as real cameras send them: SOAP 1.2 envelopes with the usual
 * prefixes (tds, trt, tptz, timg, tt), profile tokens and service paths in the style of common
 * cameras ("Profile_1", /onvif/device_service, /onvif-http/snapshot?Profile_1), PTZ spaces as a
 * dome lists them (generic spaces, plus spherical degrees on cameras that offer them), imaging
 * options with 0–100 ranges and microsecond exposure times.
 */

export const SPACES = {
  genericPanTilt: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace',
  degreesPanTilt: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/SphericalPositionSpaceDegrees',
  genericZoom: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace',
} as const;

const NAMESPACES = [
  'xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope"',
  'xmlns:tt="http://www.onvif.org/ver10/schema"',
  'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"',
  'xmlns:trt="http://www.onvif.org/ver10/media/wsdl"',
  'xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl"',
  'xmlns:timg="http://www.onvif.org/ver20/imaging/wsdl"',
  'xmlns:ter="http://www.onvif.org/ver10/error"',
].join(' ');

export function envelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope ${NAMESPACES}><SOAP-ENV:Header></SOAP-ENV:Header>` +
    `<SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
}

/** A SOAP 1.2 fault with nested subcodes, as cameras send for refused requests. */
export function fault(code: 'Sender' | 'Receiver', subcodes: readonly string[], reason: string): string {
  const nest = (i: number): string => (i < subcodes.length
    ? `<SOAP-ENV:Subcode><SOAP-ENV:Value>${subcodes[i]}</SOAP-ENV:Value>${nest(i + 1)}</SOAP-ENV:Subcode>`
    : '');
  return envelope(
    `<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:${code}</SOAP-ENV:Value>${nest(0)}</SOAP-ENV:Code>` +
      `<SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">${reason}</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>`,
  );
}

export function systemDateAndTime(now: Date): string {
  return envelope(
    '<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType>' +
      '<tt:DaylightSavings>false</tt:DaylightSavings>' +
      '<tt:TimeZone><tt:TZ>CST-8:00:00</tt:TZ></tt:TimeZone><tt:UTCDateTime>' +
      `<tt:Time><tt:Hour>${now.getUTCHours()}</tt:Hour><tt:Minute>${now.getUTCMinutes()}</tt:Minute>` +
        `<tt:Second>${now.getUTCSeconds()}</tt:Second></tt:Time>` +
      `<tt:Date><tt:Year>${now.getUTCFullYear()}</tt:Year><tt:Month>${now.getUTCMonth() +
        1}</tt:Month><tt:Day>${now.getUTCDate()}</tt:Day></tt:Date>` +
      '</tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>',
  );
}

export function deviceInformation(manufacturer: string, model: string): string {
  return envelope(
    `<tds:GetDeviceInformationResponse><tds:Manufacturer>${manufacturer}</tds:Manufacturer><tds:Model>${model}</tds:Model>` +
      '<tds:FirmwareVersion>V5.5.82 build ' +
        '190909</tds:FirmwareVersion><tds:SerialNumber>DS-2DE2A404IW-DE320190818AAWRD12345678</tds:SerialNumber>' +
      '<tds:HardwareId>88</tds:HardwareId></tds:GetDeviceInformationResponse>',
  );
}

export function capabilities(base: string, ptz: boolean): string {
  return envelope(
    '<tds:GetCapabilitiesResponse><tds:Capabilities>' +
      `<tt:Device><tt:XAddr>${base}/onvif/device_service</tt:XAddr></tt:Device>` +
      `<tt:Events><tt:XAddr>${base}/onvif/Events</tt:XAddr><tt:WSSubscriptionPolicySupport>true</tt:WSSubscriptionPolicySupport>` +
        '</tt:Events>' +
      `<tt:Imaging><tt:XAddr>${base}/onvif/Imaging</tt:XAddr></tt:Imaging>` +
      `<tt:Media><tt:XAddr>${base}/onvif/Media</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>true</tt:RTPMulticast>` +
        '<tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>' +
      (ptz ? `<tt:PTZ><tt:XAddr>${base}/onvif/PTZ</tt:XAddr></tt:PTZ>` : '') +
      '</tds:Capabilities></tds:GetCapabilitiesResponse>',
  );
}

export function services(base: string, ptz: boolean): string {
  const one = (ns: string, path: string, major: number, minor: number): string =>
    `<tds:Service><tds:Namespace>${ns}</tds:Namespace><tds:XAddr>${base}${path}</tds:XAddr><tds:Version><tt:Major>${major}</tt:Major>` +
      `<tt:Minor>${minor}</tt:Minor></tds:Version></tds:Service>`;
  return envelope(
    '<tds:GetServicesResponse>' +
      one('http://www.onvif.org/ver10/device/wsdl', '/onvif/device_service', 17, 12) +
      one('http://www.onvif.org/ver10/media/wsdl', '/onvif/Media', 17, 12) +
      one('http://www.onvif.org/ver20/imaging/wsdl', '/onvif/Imaging', 16, 6) +
      (ptz ? one('http://www.onvif.org/ver20/ptz/wsdl', '/onvif/PTZ', 17, 12) : '') +
      '</tds:GetServicesResponse>',
  );
}

export interface ProfileShape {
  readonly token: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  readonly ptz: boolean;
}

export function profiles(list: readonly ProfileShape[]): string {
  const one = (p: ProfileShape): string =>
    `<trt:Profiles token="${p.token}" fixed="true"><tt:Name>${p.name}</tt:Name>` +
    '<tt:VideoSourceConfiguration token="VideoSourceToken"><tt:Name>VideoSourceConfig</tt:Name><tt:UseCount>2</tt:UseCount>' +
    '<tt:SourceToken>VideoSource_1</tt:SourceToken><tt:Bounds x="0" y="0" width="2560" ' +
      'height="1440"></tt:Bounds></tt:VideoSourceConfiguration>' +
    `<tt:VideoEncoderConfiguration token="VideoEncoderToken_${p.token}"><tt:Name>VideoEncoder_${p.token}</tt:Name>` +
      '<tt:UseCount>1</tt:UseCount>' +
    `<tt:Encoding>JPEG</tt:Encoding><tt:Resolution><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height></tt:Resolution>` +
    '<tt:Quality>3.000000</tt:Quality>' +
    `<tt:RateControl><tt:FrameRateLimit>${p.frameRate}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval>` +
      '<tt:BitrateLimit>2048</tt:BitrateLimit></tt:RateControl>' +
    '<tt:SessionTimeout>PT5S</tt:SessionTimeout></tt:VideoEncoderConfiguration>' +
    (p.ptz
      ? '<tt:PTZConfiguration ' +
        'token="PTZToken"><tt:Name>PTZ</tt:Name><tt:UseCount>2</tt:UseCount><tt:NodeToken>PTZNODETOKEN</tt:NodeToken>' +
        `<tt:DefaultAbsolutePantTiltPositionSpace>${SPACES.genericPanTilt}</tt:DefaultAbsolutePantTiltPositionSpace>` +
        `<tt:DefaultAbsoluteZoomPositionSpace>${SPACES.genericZoom}</tt:DefaultAbsoluteZoomPositionSpace>` +
        '<tt:DefaultPTZTimeout>PT300S</tt:DefaultPTZTimeout></tt:PTZConfiguration>'
      : '') +
    '</trt:Profiles>';
  return envelope(`<trt:GetProfilesResponse>${list.map(one).join('')}</trt:GetProfilesResponse>`);
}

export function mediaUri(tag: 'GetStreamUriResponse' | 'GetSnapshotUriResponse', uri: string): string {
  return envelope(
    `<trt:${tag}><trt:MediaUri><tt:Uri>${uri.replace(/&/g, '&amp;')}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>` +
      `<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT60S</tt:Timeout></trt:MediaUri></trt:${tag}>`,
  );
}

export interface Range2 {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

const range = (
  tag: string,
  [min, max]: readonly [number, number],
): string => `<tt:${tag}><tt:Min>${min}</tt:Min><tt:Max>${max}</tt:Max></tt:${tag}>`;

export function ptzConfigurationOptions(degrees: Range2 | undefined): string {
  const space = (kind: string, uri: string, r: Range2 | { x: readonly [number, number] }): string =>
    `<tt:${kind}><tt:URI>${uri}</tt:URI>${range('XRange', r.x)}${'y' in r ? range('YRange', r.y) : ''}</tt:${kind}>`;
  return envelope(
    '<tptz:GetConfigurationOptionsResponse><tptz:PTZConfigurationOptions><tt:Spaces>' +
      space('AbsolutePanTiltPositionSpace', SPACES.genericPanTilt, { x: [-1, 1], y: [-1, 1] }) +
      (degrees ? space('AbsolutePanTiltPositionSpace', SPACES.degreesPanTilt, degrees) : '') +
      space('AbsoluteZoomPositionSpace', SPACES.genericZoom, { x: [0, 1] }) +
      space('RelativePanTiltTranslationSpace', 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/TranslationGenericSpace', { x: [-1, 1], y: [-1, 1] }) +
      space('ContinuousPanTiltVelocitySpace', 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace', { x: [-1, 1], y: [-1, 1] }) +
      space('PanTiltSpeedSpace', 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/GenericSpeedSpace', { x: [0, 1] }) +
      '</tt:Spaces>' +
      '<tt:PTZTimeout><tt:Min>PT1S</tt:Min><tt:Max>PT5M</tt:Max></tt:PTZTimeout>' +
      '</tptz:PTZConfigurationOptions></tptz:GetConfigurationOptionsResponse>',
  );
}

export function ptzStatus(pan: number, tilt: number, zoom: number, space: string, moving: boolean, now: Date): string {
  const state = moving ? 'MOVING' : 'IDLE';
  return envelope(
    '<tptz:GetStatusResponse><tptz:PTZStatus><tt:Position>' +
      `<tt:PanTilt x="${pan}" y="${tilt}" space="${space}"/><tt:Zoom x="${zoom}" space="${SPACES.genericZoom}"/>` +
      `</tt:Position><tt:MoveStatus><tt:PanTilt>${state}</tt:PanTilt><tt:Zoom>${state}</tt:Zoom></tt:MoveStatus>` +
      `<tt:UtcTime>${now.toISOString()}</tt:UtcTime></tptz:PTZStatus></tptz:GetStatusResponse>`,
  );
}

export const IMAGING_OPTIONS = envelope(
  '<timg:GetOptionsResponse><timg:ImagingOptions>' +
    '<tt:BacklightCompensation><tt:Mode>OFF</tt:Mode><tt:Mode>ON</tt:Mode></tt:BacklightCompensation>' +
    range('Brightness', [0, 100]) + range('ColorSaturation', [0, 100]) + range('Contrast', [0, 100]) +
    '<tt:Exposure><tt:Mode>AUTO</tt:Mode><tt:Mode>MANUAL</tt:Mode><tt:Priority>LowNoise</tt:Priority><tt:Priority>FrameRate</tt:Priority>' +
    range(
      'MinExposureTime',
      [10, 40000],
    ) + range('MaxExposureTime', [10, 40000]) + range('Gain', [0, 100]) + range('ExposureTime', [10, 40000]) +
    '</tt:Exposure>' +
    '<tt:Focus><tt:AutoFocusModes>AUTO</tt:AutoFocusModes><tt:AutoFocusModes>MANUAL</tt:AutoFocusModes>' + range(
    'DefaultSpeed',
    [1, 7],
  ) + '</tt:Focus>' +
    '<tt:IrCutFilterModes>ON</tt:IrCutFilterModes><tt:IrCutFilterModes>OFF</tt:IrCutFilterModes>' +
    '<tt:IrCutFilterModes>AUTO</tt:IrCutFilterModes>' +
    range('Sharpness', [0, 100]) +
    '<tt:WideDynamicRange><tt:Mode>OFF</tt:Mode><tt:Mode>ON</tt:Mode></tt:WideDynamicRange>' +
    '<tt:WhiteBalance><tt:Mode>AUTO</tt:Mode><tt:Mode>MANUAL</tt:Mode>' + range(
    'YrGain',
    [0, 100],
  ) + range('YbGain', [0, 100]) + '</tt:WhiteBalance>' +
    '</timg:ImagingOptions></timg:GetOptionsResponse>',
);

export interface ImagingState {
  brightness: number;
  saturation: number;
  contrast: number;
  sharpness: number;
  exposureMode: 'AUTO' | 'MANUAL';
  /** Microseconds. */
  exposureTime: number;
  focusMode: 'AUTO' | 'MANUAL';
  whiteBalanceMode: 'AUTO' | 'MANUAL';
}

export function imagingSettings(s: ImagingState): string {
  return envelope(
    '<timg:GetImagingSettingsResponse><timg:ImagingSettings>' +
      '<tt:BacklightCompensation><tt:Mode>OFF</tt:Mode></tt:BacklightCompensation>' +
      `<tt:Brightness>${s.brightness}</tt:Brightness><tt:ColorSaturation>${s.saturation}</tt:ColorSaturation>` +
        `<tt:Contrast>${s.contrast}</tt:Contrast>` +
      `<tt:Exposure><tt:Mode>${s.exposureMode}</tt:Mode><tt:Priority>FrameRate</tt:Priority><tt:MinExposureTime>10</tt:MinExposureTime>` +
        '<tt:MaxExposureTime>40000</tt:MaxExposureTime>' +
      `<tt:ExposureTime>${s.exposureTime}</tt:ExposureTime></tt:Exposure>` +
      `<tt:Focus><tt:AutoFocusMode>${s.focusMode}</tt:AutoFocusMode><tt:DefaultSpeed>1</tt:DefaultSpeed></tt:Focus>` +
      `<tt:IrCutFilter>AUTO</tt:IrCutFilter><tt:Sharpness>${s.sharpness}</tt:Sharpness>` +
      `<tt:WideDynamicRange><tt:Mode>OFF</tt:Mode></tt:WideDynamicRange><tt:WhiteBalance><tt:Mode>${s.whiteBalanceMode}</tt:Mode>` +
        '</tt:WhiteBalance>' +
      '</timg:ImagingSettings></timg:GetImagingSettingsResponse>',
  );
}

export function probeMatches(relatesTo: string, xaddr: string, name: string, hardware: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:wsdd="http://schemas.xmlsoap.org/ws/2005/04/discovery" ' +
    'xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><SOAP-ENV:Header>' +
    `<wsa:MessageID>urn:uuid:5f2a0e8c-1d7b-4e55-9a3b-c0ffee000001</wsa:MessageID><wsa:RelatesTo>${relatesTo}</wsa:RelatesTo>` +
    '<wsa:To SOAP-ENV:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>' +
    '<wsa:Action SOAP-ENV:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action>' +
    '</SOAP-ENV:Header><SOAP-ENV:Body><wsdd:ProbeMatches><wsdd:ProbeMatch>' +
    '<wsa:EndpointReference><wsa:Address>urn:uuid:54575443-4144-4d48-b1a0-c056e3b12345</wsa:Address></wsa:EndpointReference>' +
    '<wsdd:Types>dn:NetworkVideoTransmitter tds:Device</wsdd:Types>' +
    '<wsdd:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/type/ptz ' +
    `onvif://www.onvif.org/hardware/${hardware} onvif://www.onvif.org/name/${encodeURIComponent(name)} onvif://www.onvif.org/location/city/hangzhou</wsdd:Scopes>` +
    `<wsdd:XAddrs>${xaddr}</wsdd:XAddrs><wsdd:MetadataVersion>10</wsdd:MetadataVersion>` +
    '</wsdd:ProbeMatch></wsdd:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>'
  );
}
