/**
 * A minimal, safe reader of Python pickles: enough of the format for a PyTorch state dict and
 * nothing more. Python's own unpickler runs whatever callable a pickle names (`os.system`,
 * `builtins.eval`, …); this one only knows the opcodes that build plain data (numbers, strings,
 * bytes, tuples, lists, dicts) plus GLOBAL/STACK_GLOBAL and REDUCE/BUILD restricted to an
 * allow-list the caller passes. Any other global, a REDUCE on something that is not an allowed
 * callable, or an object-building opcode (INST, OBJ, NEWOBJ, EXT…) is refused before anything is
 * constructed, with PainterlyError `WEIGHTS_INVALID` saying why. Written by hand (docs/networks.md,
 * "Reading .pth files safely"): the npm pickle parsers construct objects for any class they meet.
 */
import { PainterlyError } from '../../engine/errors.js';

/** A global the pickle may name: a callable REDUCE may apply, or a plain token (e.g. a storage type). */
export type AllowedGlobal = { readonly kind: 'callable'; readonly call: (args: readonly unknown[]) => unknown } | { readonly kind: 'token'; readonly value: unknown };

/** What the pickle may reach, keyed `module.name` (e.g. `collections.OrderedDict`). */
export interface UnpickleOptions {
  readonly globals: ReadonlyMap<string, AllowedGlobal>;
  /** Resolves a persistent id (BINPERSID): PyTorch's storages. Absent: persistent ids are refused. */
  readonly persistentLoad?: (pid: unknown) => unknown;
  /** Names the file in messages. */
  readonly source: string;
  /** Where the pickle starts in `bytes` (legacy .pth files hold several in a row). */
  readonly offset?: number;
}

/**
 * Reads one pickle from `bytes` at `offset`; returns its value and the offset just past its STOP.
 *
 * @example
 * const { value } = unpickle(bytes, { globals: new Map(), source: 'x.pkl' }); // a dict → Map
 */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions): { value: unknown; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const refuse = (reason: string): PainterlyError =>
    new PainterlyError(
      'WEIGHTS_INVALID',
      `Refused to read ${options.source}: its pickle ${reason}. A weights file should hold only a dict of tensors; ` +
        'loading anything else could run code hidden in the file, so Painterly does not. Use a state dict saved with `torch.save(model.state_dict(), path)`.',
    );
  const broken = (problem: string): PainterlyError => new PainterlyError('WEIGHTS_INVALID', `The file ${options.source} is damaged: its pickle ${problem}.`);
  let at = options.offset ?? 0;
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();

  const need = (count: number): void => {
    if (at + count > bytes.length) throw broken(`ends early (offset ${at}, ${count} more bytes needed)`);
  };
  const u8 = (): number => (need(1), bytes[at++]);
  const u16 = (): number => (need(2), (at += 2), view.getUint16(at - 2, true));
  const u32 = (): number => (need(4), (at += 4), view.getUint32(at - 4, true));
  const i32 = (): number => (need(4), (at += 4), view.getInt32(at - 4, true));
  const u64 = (): number => {
    need(8);
    const value = view.getBigUint64(at, true);
    at += 8;
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw broken(`has a length ${value} larger than any file`);
    return Number(value);
  };
  const take = (count: number): Uint8Array => (need(count), (at += count), bytes.subarray(at - count, at));
  const line = (): string => {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) throw broken('has an unterminated text argument');
    const text = new TextDecoder('latin1').decode(bytes.subarray(at, end));
    at = end + 1;
    return text;
  };
  const utf8 = (data: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(data);
  const pop = (): unknown => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1])) throw broken('pops an empty stack');
    return stack.pop();
  };
  const popMark = (): unknown[] => {
    const mark = marks.pop();
    if (mark === undefined) throw broken('has no MARK where one is needed');
    return stack.splice(mark);
  };
  const top = (): unknown => {
    if (stack.length === 0) throw broken('reads an empty stack');
    return stack[stack.length - 1];
  };
  const global = (module: string, name: string): unknown => {
    const allowed = options.globals.get(`${module}.${name}`);
    if (!allowed) throw refuse(`asks for the Python global ${module}.${name}, which is not part of a state dict`);
    return allowed.kind === 'token' ? allowed.value : allowed;
  };
  const setItems = (target: unknown, items: unknown[]): void => {
    if (!(target instanceof Map)) throw refuse('sets items on something that is not a dict');
    if (items.length % 2 !== 0) throw broken('sets a key without a value');
    for (let i = 0; i < items.length; i += 2) target.set(items[i], items[i + 1]);
  };
  const append = (target: unknown, items: unknown[]): void => {
    if (!Array.isArray(target)) throw refuse('appends to something that is not a list');
    target.push(...items);
  };
  const long = (data: Uint8Array): number | bigint => {
    let value = 0n;
    for (let i = data.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(data[i]);
    if (data.length > 0 && data[data.length - 1] & 0x80) value -= 1n << BigInt(8 * data.length);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  };

  for (;;) {
    const opcode = u8();
    switch (opcode) {
      case 0x80: u8(); break; // PROTO
      case 0x95: u64(); break; // FRAME: a length hint only
      case 0x2e: { // STOP
        if (stack.length !== 1) throw broken(`stops with ${stack.length} values on the stack`);
        return { value: stack[0], end: at };
      }
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x8a: stack.push(long(take(u8()))); break; // LONG1
      case 0x8b: stack.push(long(take(u32()))); break; // LONG4
      case 0x49: { // INT (text): also protocol 0's booleans 01/00
        const text = line();
        stack.push(text === '01' ? true : text === '00' ? false : Number.parseInt(text, 10));
        break;
      }
      case 0x47: need(8); stack.push(view.getFloat64(at, false)); at += 8; break; // BINFLOAT (big-endian)
      case 0x58: stack.push(utf8(take(u32()))); break; // BINUNICODE
      case 0x8c: stack.push(utf8(take(u8()))); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(utf8(take(u64()))); break; // BINUNICODE8
      case 0x54: stack.push(new TextDecoder('latin1').decode(take(i32()))); break; // BINSTRING (Python 2 str)
      case 0x55: stack.push(new TextDecoder('latin1').decode(take(u8()))); break; // SHORT_BINSTRING
      case 0x42: stack.push(take(u32()).slice()); break; // BINBYTES
      case 0x43: stack.push(take(u8()).slice()); break; // SHORT_BINBYTES
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); stack.push([pop(), b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); stack.push([pop(), b, c]); break; } // TUPLE3
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x61: { const item = pop(); append(top(), [item]); break; } // APPEND
      case 0x65: { const items = popMark(); append(top(), items); break; } // APPENDS
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x64: { const dict = new Map(); setItems(dict, popMark()); stack.push(dict); break; } // DICT
      case 0x73: { const value = pop(); const key = pop(); setItems(top(), [key, value]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x70: memo.set(Number.parseInt(line(), 10), top()); break; // PUT
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x67: stack.push(recall(memo, Number.parseInt(line(), 10), broken)); break; // GET
      case 0x68: stack.push(recall(memo, u8(), broken)); break; // BINGET
      case 0x6a: stack.push(recall(memo, u32(), broken)); break; // LONG_BINGET
      case 0x63: { const module = line(); stack.push(global(module, line())); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw refuse('names a global with non-string parts');
        stack.push(global(module, name));
        break;
      }
      case 0x52: { // REDUCE: callable(*args), for allowed callables only
        const args = pop();
        const callable = pop();
        if (!isCallable(callable)) throw refuse(`calls ${describe(callable)}, which is not an allowed constructor`);
        if (!Array.isArray(args)) throw refuse('calls a constructor without an argument tuple');
        stack.push(callable.call(args));
        break;
      }
      case 0x62: { // BUILD: only an (Ordered)dict's attributes (state dicts carry `_metadata`), which are dropped
        const state = pop();
        if (!(top() instanceof Map) || !(state instanceof Map || state === null || Array.isArray(state))) throw refuse(`sets the state of ${describe(top())}`);
        break;
      }
      case 0x51: { // BINPERSID
        const pid = pop();
        if (!options.persistentLoad) throw refuse('refers to outside data (a persistent id) where none is expected');
        stack.push(options.persistentLoad(pid));
        break;
      }
      case 0x50: { // PERSID (text id)
        const pid = line();
        if (!options.persistentLoad) throw refuse('refers to outside data (a persistent id) where none is expected');
        stack.push(options.persistentLoad(pid));
        break;
      }
      default:
        throw refuse(`uses opcode 0x${opcode.toString(16).padStart(2, '0')} (${OBJECT_OPCODES[opcode] ?? 'unknown'}), which a state dict does not need`);
    }
    if (marks.length > 0 && stack.length < marks[marks.length - 1]) throw broken('pops past a MARK');
  }
}

/** Opcodes that construct arbitrary objects or read extension registries: always refused. */
const OBJECT_OPCODES: Readonly<Record<number, string>> = {
  0x69: 'INST', 0x6f: 'OBJ', 0x81: 'NEWOBJ', 0x92: 'NEWOBJ_EX', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4',
  0x96: 'BYTEARRAY8', 0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER', 0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS', 0x91: 'FROZENSET',
};

function recall(memo: ReadonlyMap<number, unknown>, key: number, broken: (problem: string) => PainterlyError): unknown {
  if (!memo.has(key)) throw broken(`reads memo entry ${key}, which was never stored`);
  return memo.get(key);
}

function isCallable(value: unknown): value is Extract<AllowedGlobal, { kind: 'callable' }> {
  return typeof value === 'object' && value !== null && (value as AllowedGlobal).kind === 'callable' && typeof (value as { call?: unknown }).call === 'function';
}

function describe(value: unknown): string {
  if (value === null) return 'None';
  if (value instanceof Map) return 'a dict';
  if (Array.isArray(value)) return 'a tuple or list';
  return typeof value === 'object' ? 'a value that is not a constructor' : `a ${typeof value}`;
}
