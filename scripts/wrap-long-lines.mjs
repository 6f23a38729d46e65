// Breaks the lines ESLint's max-len reports, the way the code is written by hand: a one-line
// `if`/`for` body gets braces, then the widest list on the line (arguments, parameters, object,
// array, imported names, type members), `&&`/`||`/`??`/`+` chain or conditional is put one item per
// line, or a string is split in two. ESLint's fixes (indentation, commas) run after each round.
// Lines it cannot break (a long template literal, a long regular expression) are listed.
//
//   node scripts/wrap-long-lines.mjs [paths…]      (default: the whole repository)
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';

const LIMIT = 140;
const MAX_ROUNDS = 6;
const paths = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['.'];
const eslint = new ESLint({ fix: true });

for (let round = 1; round <= MAX_ROUNDS; round++) {
  const results = await eslint.lintFiles(paths);
  await ESLint.outputFixes(results);
  let changed = 0;
  const left = [];
  for (const result of results) {
    const lines = [...new Set(result.messages.filter((m) => m.ruleId === '@stylistic/max-len').map((m) => m.line))];
    if (lines.length === 0) continue;
    let text = readFileSync(result.filePath, 'utf8');
    for (const line of lines.sort((a, b) => b - a)) {
      const out = breakLine(result.filePath, text, line);
      if (out === undefined) left.push(`${relative(process.cwd(), result.filePath)}:${line}`);
      else {
        text = out;
        changed++;
      }
    }
    writeFileSync(result.filePath, text);
  }
  if (changed === 0) {
    for (const where of left) console.log(`cannot break ${where}`);
    break;
  }
}
await ESLint.outputFixes(await eslint.lintFiles(paths));

/** `text` with line `ln` (1-based) broken once, or undefined when nothing on it can be broken. */
function breakLine(path, text, ln) {
  const kind = /\.m?js$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const starts = sf.getLineStarts();
  const lineStart = starts[ln - 1];
  const lineEnd = ln < starts.length ? starts[ln] - 1 : text.length;
  const indent = /^\s*/.exec(text.slice(lineStart, lineEnd))[0];
  const inner = `${indent}  `;
  const on = (pos) => pos >= lineStart && pos <= lineEnd;
  const src = (node) => text.slice(node.getStart(sf), node.end);
  const edits = [];

  const visit = (node) => {
    if (node.end < lineStart || node.getStart(sf) > lineEnd) return;
    const start = node.getStart(sf);
    // A one-line `if (…) x;` or `for (…) x;`: braces first, so the condition stays whole.
    const body = ts.isIfStatement(node) && !node.elseStatement ? node.thenStatement
      : ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) ? node.statement
        : undefined;
    if (body && !ts.isBlock(body) && on(start) && on(node.end) && !ts.isIfStatement(node.parent)) {
      const head = text.slice(start, body.getStart(sf)).trimEnd();
      edits.push({ s: start, e: node.end, width: Infinity, repl: `${head} {\n${inner}${src(body)}\n${indent}}` });
    }
    const list = listOf(node);
    // A lone array or object argument is broken inside, hugging the parentheses: `f([⏎ …⏎])`.
    const hugs = list?.length === 1 && (ts.isArrayLiteralExpression(list[0]) || ts.isObjectLiteralExpression(list[0]));
    if (list && list.length > 0 && !hugs) {
      let o = list[0].getStart(sf) - 1;
      while (o > 0 && /\s/.test(text[o])) o--;
      let c = list[list.length - 1].end;
      while (c < text.length && /[\s,;]/.test(text[c])) c++;
      if (on(o) && on(c) && '([{<'.includes(text[o]) && ')]}>'.includes(text[c]) && o - lineStart + 1 <= LIMIT) {
        const members = ts.isTypeLiteralNode(node);
        const sep = members ? ';' : ',';
        const items = list.map((n) => (members ? src(n).replace(/[;,]$/, '') : src(n)));
        const rest = list.some((n) => n.dotDotDotToken) || ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node);
        const repl = `${text[o]}\n${items.map((s) => inner + s).join(`${sep}\n`)}${rest && !members ? '' : sep}\n${indent}${text[c]}`;
        edits.push({ s: o, e: c + 1, width: c - o, repl });
      }
    }
    const chainOps = [
      ts.SyntaxKind.AmpersandAmpersandToken,
      ts.SyntaxKind.BarBarToken,
      ts.SyntaxKind.QuestionQuestionToken,
      ts.SyntaxKind.PlusToken,
    ];
    if (ts.isBinaryExpression(node) && chainOps.includes(node.operatorToken.kind) && on(start) && on(node.end) &&
      !(ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === node.operatorToken.kind)) {
      const op = node.operatorToken.kind;
      const parts = [];
      const flatten = (n) => {
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === op) {
          flatten(n.left);
          parts.push(` ${n.operatorToken.getText(sf)}\n${inner}${src(n.right)}`);
        } else parts.push(src(n));
      };
      flatten(node);
      if (start - lineStart + parts[0].length <= LIMIT) {
        edits.push({ s: start, e: node.end, width: node.end - start, repl: parts.join('') });
      }
    }
    if (ts.isConditionalExpression(node) && on(start) && on(node.end)) {
      const repl = `${src(node.condition)}\n${inner}? ${src(node.whenTrue)}\n${inner}: ${src(node.whenFalse)}`;
      edits.push({ s: start, e: node.end, width: node.end - start, repl });
    }
    if (ts.isStringLiteral(node) && on(start) && node.end - start > 40 && !ts.isLiteralTypeNode(node.parent) &&
      !ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent) && !isName(node)) {
      const raw = src(node);
      const body = raw.slice(1, -1);
      const cut = body.lastIndexOf(' ', LIMIT - (start - lineStart) - 4);
      if (cut > 10 && cut < body.length - 1 && !/\\$/.test(body.slice(0, cut))) {
        const q = raw[0];
        edits.push({
          s: start,
          e: node.end,
          width: node.end - start,
          repl: `${q}${body.slice(0, cut + 1)}${q} +\n${inner}${q}${body.slice(cut + 1)}${q}`,
        });
      }
    }
    const template = ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node);
    if (template && on(start) && on(node.end) && node.end - lineStart > LIMIT) {
      const cut = templateCut(src(node), LIMIT - (start - lineStart) - 4);
      if (cut > 10) {
        const raw = src(node);
        edits.push({ s: start, e: node.end, width: node.end - start, repl: `${raw.slice(0, cut)}\` +\n${inner}\`${raw.slice(cut)}` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (edits.length === 0) return undefined;
  // The widest region first: breaking it shortens the line most.
  edits.sort((a, b) => b.width - a.width || a.s - b.s);
  const { s, e, repl } = edits[0];
  return text.slice(0, s) + repl + text.slice(e);
}

/** Where a one-line template may be cut in two: the last `><` or `, ` outside `${…}` within `room`, or -1. */
function templateCut(raw, room) {
  let depth = 0;
  let best = -1;
  for (let i = 1; i < raw.length - 1 && i <= room; i++) {
    if (raw[i] === '$' && raw[i + 1] === '{' && raw[i - 1] !== '\\') depth++;
    else if (raw[i] === '}' && depth > 0) depth--;
    else if (depth === 0 && ((raw[i - 1] === '>' && raw[i] === '<') || (raw[i - 1] === ' ' && raw[i - 2] === ','))) best = i;
  }
  return best;
}

/** Whether a string literal names something (a property, a module), where it cannot be split. */
function isName(node) {
  const p = node.parent;
  return ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) &&
    p.name === node) ||
    ts.isExternalModuleReference(p) || ts.isImportTypeNode(p.parent ?? p);
}

/** The comma-separated list a node holds between brackets, if any. */
function listOf(node) {
  if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) return node.arguments;
  if (ts.isObjectLiteralExpression(node)) return node.properties;
  if (ts.isArrayLiteralExpression(node)) return node.elements;
  if (ts.isNamedImports(node) || ts.isNamedExports(node) || ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node)) {
    return node.elements;
  }
  if (ts.isTypeLiteralNode(node)) return node.members;
  if (ts.isTypeReferenceNode(node) && node.typeArguments) return node.typeArguments;
  if (ts.isFunctionLike(node) && node.parameters) {
    if (ts.isArrowFunction(node) &&
      node.parameters.length === 1 &&
      !node.parameters[0].type &&
      node.getFirstToken()?.kind !== ts.SyntaxKind.OpenParenToken) {
      return undefined;
    }
    return node.parameters;
  }
  return undefined;
}
