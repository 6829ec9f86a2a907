/**
 * A small XML writer and a strict reader for the CyberTipline API's documents. Written here
 * rather than taken from a library: the API uses plain elements, one attribute (hashType) and
 * text, so escaping five characters and refusing anything else is all that is needed, and it
 * keeps the element order exactly as built.
 */

export interface XmlElement {
  name: string;
  attributes?: Record<string, string>;
  children: (XmlElement | string)[];
}

/** An element; `undefined`, `null` and `false` children are left out, so optional parts read naturally. */
export function el(name: string, ...children: (XmlElement | string | number | undefined | null | false | (XmlElement | undefined)[])[]): XmlElement {
  const out: (XmlElement | string)[] = [];
  for (const child of children) {
    if (child === undefined || child === null || child === false || child === '') continue;
    if (Array.isArray(child)) out.push(...child.filter((c): c is XmlElement => c !== undefined));
    else out.push(typeof child === 'number' ? String(child) : child);
  }
  return { name, children: out };
}

export const withAttributes = (element: XmlElement, attributes: Record<string, string>): XmlElement => ({ ...element, attributes });

// XML 1.0 forbids most control characters even when escaped; they are dropped, not sent.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function serialize(element: XmlElement): string {
  const attrs = Object.entries(element.attributes ?? {}).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  if (element.children.length === 0) return `<${element.name}${attrs}/>`;
  const inner = element.children.map((c) => (typeof c === 'string' ? escapeXml(c) : serialize(c))).join('');
  return `<${element.name}${attrs}>${inner}</${element.name}>`;
}

export const xmlDocument = (root: XmlElement): string => `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root)}`;

export class XmlError extends Error {}

const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const value = ENTITIES[ref];
    if (value === undefined) throw new XmlError(`unknown entity ${whole}`);
    return value;
  });
}

/**
 * Parses a document into elements; throws XmlError on anything malformed (unclosed or
 * mismatched tags, stray text outside the root, DOCTYPEs, which are refused outright).
 * Whitespace-only text between elements is dropped.
 */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const skipMisc = () => {
    for (;;) {
      const rest = source.slice(i);
      const ws = /^\s+/.exec(rest);
      if (ws) { i += ws[0].length; continue; }
      if (rest.startsWith('<?')) { const end = source.indexOf('?>', i); if (end < 0) throw new XmlError('unclosed declaration'); i = end + 2; continue; }
      if (rest.startsWith('<!--')) { const end = source.indexOf('-->', i); if (end < 0) throw new XmlError('unclosed comment'); i = end + 3; continue; }
      if (rest.startsWith('<!')) throw new XmlError('DOCTYPE and other declarations are not accepted');
      return;
    }
  };
  const parseElement = (): XmlElement => {
    if (source[i] !== '<') throw new XmlError(`expected an element at ${i}`);
    i++;
    const name = NAME.exec(source.slice(i))?.[0];
    if (!name) throw new XmlError(`bad element name at ${i}`);
    i += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const attr = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(source.slice(i));
      if (!attr) break;
      attributes[attr[1]!] = unescape(attr[3] ?? attr[4] ?? '');
      i += attr[0].length;
    }
    const close = /^\s*(\/?)>/.exec(source.slice(i));
    if (!close) throw new XmlError(`malformed tag <${name}> at ${i}`);
    i += close[0].length;
    const element: XmlElement = { name, children: [], ...(Object.keys(attributes).length ? { attributes } : {}) };
    if (close[1] === '/') return element;
    for (;;) {
      const next = source.indexOf('<', i);
      if (next < 0) throw new XmlError(`<${name}> is not closed`);
      const text = source.slice(i, next);
      if (text.trim()) element.children.push(unescape(text));
      i = next;
      if (source.startsWith('</', i)) {
        const end = new RegExp(`^</${name.replace(/[.:-]/g, '\\$&')}\\s*>`).exec(source.slice(i));
        if (!end) throw new XmlError(`mismatched closing tag at ${i}; expected </${name}>`);
        i += end[0].length;
        return element;
      }
      if (source.startsWith('<!--', i)) { const end = source.indexOf('-->', i); if (end < 0) throw new XmlError('unclosed comment'); i = end + 3; continue; }
      element.children.push(parseElement());
    }
  };
  skipMisc();
  const root = parseElement();
  skipMisc();
  if (i !== source.length) throw new XmlError('content after the root element');
  return root;
}

/** The text of the first child element with this name, or undefined. */
export function childText(element: XmlElement, name: string): string | undefined {
  const child = element.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
  if (!child) return undefined;
  return child.children.filter((c): c is string => typeof c === 'string').join('');
}

export const childElements = (element: XmlElement): XmlElement[] => element.children.filter((c): c is XmlElement => typeof c !== 'string');
