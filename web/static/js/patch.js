// JSON Patch (RFC 6902) applied without changing the document it is given: the
// result shares every object and array the operations did not touch, and a
// changed one is a new object, up to the root. So a page can tell what changed
// by identity (old.UNSC === view.UNSC: nothing in the Council changed), with no
// walk over the data.

export class PatchError extends Error {
  constructor(message) {
    super(message);
    this.name = "PatchError";
  }
}

/** The document after the operations (add, remove, replace, move, copy, test). */
export function applyPatch(doc, ops) {
  let result = doc;
  for (const op of ops) result = applyOp(result, op);
  return result;
}

/** "/a/b~1c/0" -> ["a", "b/c", "0"] (RFC 6901). */
export function parsePointer(pointer) {
  if (pointer === "") return [];
  if (typeof pointer !== "string" || pointer[0] !== "/") throw new PatchError(`bad pointer ${pointer}`);
  return pointer.slice(1).split("/").map(part => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function applyOp(doc, op) {
  const path = parsePointer(op.path);
  switch (op.op) {
    case "add": return put(doc, path, op.value, "add");
    case "replace": return put(doc, path, op.value, "replace");
    case "remove": return put(doc, path, undefined, "remove");
    case "copy": return put(doc, path, get(doc, parsePointer(op.from)), "add");
    case "move": {
      const from = parsePointer(op.from);
      if (from.length < path.length && from.every((part, i) => part === path[i])) {
        throw new PatchError(`cannot move ${op.from} into itself`);
      }
      const value = get(doc, from);
      return put(put(doc, from, undefined, "remove"), path, value, "add");
    }
    case "test":
      if (!equal(get(doc, path), op.value)) throw new PatchError(`test failed at ${op.path}`);
      return doc;
    default:
      throw new PatchError(`unknown operation ${op.op}`);
  }
}

function get(doc, path) {
  let node = doc;
  for (const part of path) {
    if (Array.isArray(node)) {
      const index = arrayIndex(part, node.length - 1);
      node = node[index];
    } else if (isObject(node) && Object.hasOwn(node, part)) {
      node = node[part];
    } else {
      throw new PatchError(`no ${part} in the document`);
    }
  }
  return node;
}

/** A copy of doc with value added at, replaced at or removed from path (copies along the path only). */
function put(doc, path, value, how) {
  if (path.length === 0) {
    if (how === "remove") throw new PatchError("cannot remove the whole document");
    return value;
  }
  const [part, ...rest] = path;
  if (Array.isArray(doc)) {
    const copy = doc.slice();
    if (rest.length) {
      const index = arrayIndex(part, doc.length - 1);
      copy[index] = put(doc[index], rest, value, how);
    } else if (how === "add") {
      const index = part === "-" ? doc.length : arrayIndex(part, doc.length);
      copy.splice(index, 0, value);
    } else {
      const index = arrayIndex(part, doc.length - 1);
      if (how === "remove") copy.splice(index, 1);
      else copy[index] = value;
    }
    return copy;
  }
  if (!isObject(doc)) throw new PatchError(`cannot reach ${part}: not an object or array`);
  const present = Object.hasOwn(doc, part);
  if (rest.length) {
    if (!present) throw new PatchError(`no ${part} in the document`);
    const copy = {...doc};
    define(copy, part, put(doc[part], rest, value, how));
    return copy;
  }
  if (how !== "add" && !present) throw new PatchError(`no ${part} to ${how}`);
  const copy = {...doc};
  if (how === "remove") delete copy[part];
  else define(copy, part, value);
  return copy;
}

/** obj[key] = value, as an own property even for a key like "__proto__". */
function define(obj, key, value) {
  Object.defineProperty(obj, key, {value, writable: true, enumerable: true, configurable: true});
}

function arrayIndex(part, max) {
  if (!/^(0|[1-9][0-9]*)$/.test(part)) throw new PatchError(`bad array index ${part}`);
  const index = Number(part);
  if (index > max) throw new PatchError(`array index ${part} out of range`);
  return index;
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Deep equality of JSON values (for test). */
export function equal(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every(k => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return false;
}
