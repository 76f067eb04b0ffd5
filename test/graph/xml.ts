/**
 * A small XML well-formedness checker for test assertions (no XML parser is installed): tags must nest
 * and close, attribute values must be quoted, `&` must start a valid entity reference and `<` may not
 * appear in text or attribute values. Returns the element names in document order.
 */
export interface XmlCheck {
  elements: { name: string; attrs: Record<string, string> }[];
  root: string | undefined;
}

const NAME = /^[A-Za-z_:][\w:.-]*/;
const ENTITY = /^&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);/;

export function checkXml(xml: string): XmlCheck {
  const stack: string[] = [];
  const elements: XmlCheck['elements'] = [];
  let root: string | undefined;
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`not well-formed at offset ${i}: ${msg}: ${JSON.stringify(xml.slice(i, i + 60))}`);
  };
  const checkText = (text: string): void => {
    for (let j = text.indexOf('&'); j !== -1; j = text.indexOf('&', j + 1)) {
      if (!ENTITY.test(text.slice(j))) fail(`bare & in ${JSON.stringify(text.slice(j, j + 20))}`);
    }
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt === -1 ? xml.slice(i) : xml.slice(i, lt);
    checkText(text);
    if (text.includes('>') && stack.length > 0) {
      // `>` is allowed in text by XML, but Graphviz always escapes it; a raw one means broken markup.
      fail('raw > in text');
    }
    if (lt === -1) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end === -1) fail('unterminated comment');
      if (xml.slice(i + 4, end).includes('--')) fail('-- inside a comment');
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i);
      if (end === -1) fail('unterminated processing instruction');
      i = end + 2;
    } else if (xml.startsWith('<!DOCTYPE', i)) {
      const end = xml.indexOf('>', i);
      i = end + 1;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end === -1) fail('unterminated CDATA');
      i = end + 3;
    } else if (xml.startsWith('</', i)) {
      const name = NAME.exec(xml.slice(i + 2))?.[0] ?? fail('bad closing tag');
      const expected = stack.pop();
      if (expected !== name) fail(`</${name}> closes <${expected ?? 'nothing'}>`);
      i += 2 + name.length;
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml[i] !== '>') fail('junk in closing tag');
      i++;
    } else {
      const name = NAME.exec(xml.slice(i + 1))?.[0] ?? fail('bad tag name');
      if (stack.length === 0) {
        if (root !== undefined) fail('second root element');
        root = name;
      }
      i += 1 + name.length;
      const attrs: Record<string, string> = {};
      for (;;) {
        const ws = /^\s*/.exec(xml.slice(i))?.[0].length ?? 0;
        i += ws;
        if (xml.startsWith('/>', i)) {
          i += 2;
          elements.push({ name, attrs });
          break;
        }
        if (xml[i] === '>') {
          i += 1;
          elements.push({ name, attrs });
          stack.push(name);
          break;
        }
        if (ws === 0) fail('attributes must be separated by whitespace');
        const attr = NAME.exec(xml.slice(i))?.[0] ?? fail('bad attribute name');
        i += attr.length;
        if (xml[i] !== '=') fail(`attribute ${attr} without =`);
        const quote = xml[i + 1];
        if (quote !== '"' && quote !== "'") fail(`unquoted attribute ${attr}`);
        const end = xml.indexOf(quote as string, i + 2);
        if (end === -1) fail('unterminated attribute');
        const value = xml.slice(i + 2, end);
        if (value.includes('<')) fail(`< in attribute ${attr}`);
        checkText(value);
        if (attr in attrs) fail(`duplicate attribute ${attr}`);
        attrs[attr] = value;
        i = end + 1;
      }
    }
  }
  if (stack.length > 0) throw new Error(`not well-formed: unclosed <${stack.join('> <')}>`);
  if (root === undefined) throw new Error('not well-formed: no root element');
  return { elements, root };
}

/** Decode the five predefined entities and numeric references. */
export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] ?? '';
  });
}
