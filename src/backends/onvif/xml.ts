/**
 * A small XML reader for SOAP answers: elements, attributes and text, namespace prefixes dropped
 * (ONVIF element names are unique enough within one answer that the local name identifies them).
 * No DTDs, no external entities: only the five predefined entities and character references are
 * expanded, so a hostile answer cannot make the reader fetch or grow anything.
 */

export interface XmlElement {
  /** Local name, prefix dropped ("Envelope" for "s:Envelope"). */
  readonly name: string;
  /** Attributes by local name. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text (concatenated, trimmed). */
  text: string;
}

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[ref] ?? all;
  });
}

const local = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

/** Escapes text for an element or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${({ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' } as const)[c as '<']};`);
}

/** Parses a document; throws XmlError when it is not well-formed enough to read. */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const texts: string[][] = [[]];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const lt = source.indexOf('<', i);
    const chunk = source.slice(i, lt < 0 ? n : lt);
    if (chunk) texts[texts.length - 1]!.push(decode(chunk));
    if (lt < 0) break;
    if (source.startsWith('<?', lt)) {
      const end = source.indexOf('?>', lt);
      if (end < 0) throw new XmlError('unterminated processing instruction');
      i = end + 2;
    } else if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt);
      if (end < 0) throw new XmlError('unterminated comment');
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt);
      if (end < 0) throw new XmlError('unterminated CDATA section');
      texts[texts.length - 1]!.push(source.slice(lt + 9, end));
      i = end + 3;
    } else if (source.startsWith('<!', lt)) {
      throw new XmlError('document type declarations are not accepted');
    } else if (source[lt + 1] === '/') {
      const end = source.indexOf('>', lt);
      if (end < 0) throw new XmlError('unterminated end tag');
      const name = local(source.slice(lt + 2, end).trim());
      const open = stack.pop();
      if (!open || open === root || open.name !== name) throw new XmlError(`unexpected end tag </${name}>`);
      open.text = texts.pop()!.join('').trim();
      i = end + 1;
    } else {
      const tag = /^<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(source.slice(lt, lt + 65_536));
      if (!tag) throw new XmlError(`malformed tag at offset ${lt}`);
      const attributes: Record<string, string> = {};
      for (const m of tag[2]!.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attributes[local(m[1]!)] = decode(m[2] ?? m[3] ?? '');
      }
      const element: XmlElement = { name: local(tag[1]!), attributes, children: [], text: '' };
      stack[stack.length - 1]!.children.push(element);
      if (!tag[3]) {
        stack.push(element);
        texts.push([]);
      }
      i = lt + tag[0].length;
    }
  }
  if (stack.length !== 1) throw new XmlError(`unclosed element <${stack[stack.length - 1]!.name}>`);
  const top = root.children[0];
  if (!top || root.children.length !== 1) throw new XmlError('a document has exactly one root element');
  return top;
}

/** The first child with this local name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** Every child with this local name. */
export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** Follows a path of local names through first children. */
export function path(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let at = element;
  for (const name of names) at = child(at, name);
  return at;
}

/** The first element anywhere below (depth first) with this local name. */
export function find(element: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!element) return undefined;
  for (const c of element.children) {
    if (c.name === name) return c;
    const deeper = find(c, name);
    if (deeper) return deeper;
  }
  return undefined;
}

/** A number read from an element's text, or undefined. */
export function num(element: XmlElement | undefined): number | undefined {
  if (!element || element.text === '') return undefined;
  const v = Number(element.text);
  return Number.isFinite(v) ? v : undefined;
}
