/**
 * Reading the Kubernetes protobuf envelope (`k8s\0` + `runtime.Unknown`) far enough to get one message's fields.
 * kubectl's typed clients send some requests only as protobuf (`auth can-i` posts its SelfSubjectAccessReview
 * that way, accepting JSON back); this server answers in JSON, so it only ever needs to read, never write.
 */

const envelopeMagic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export type Fields = Map<number, Buffer[]>;

function varint(bytes: Buffer, start: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let index = start;
  for (;;) {
    const byte = bytes[index++] ?? 0;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0 || index >= bytes.length) return [value, index];
    shift += 7;
  }
}

/** The length-delimited fields of a message by number (strings, bytes, nested messages); scalars are skipped. */
export function fieldsOf(message: Buffer): Fields {
  const fields: Fields = new Map();
  let index = 0;
  while (index < message.length) {
    const [key, afterKey] = varint(message, index);
    const wireType = key % 8;
    const field = Math.floor(key / 8);
    if (wireType === 0) index = varint(message, afterKey)[1];
    else if (wireType === 1) index = afterKey + 8;
    else if (wireType === 5) index = afterKey + 4;
    else if (wireType === 2) {
      const [length, start] = varint(message, afterKey);
      fields.set(field, [...(fields.get(field) ?? []), message.subarray(start, start + length)]);
      index = start + length;
    } else throw new Error(`unsupported protobuf wire type ${wireType}`);
  }
  return fields;
}

export function isEnvelope(body: Buffer): boolean {
  return body.subarray(0, 4).equals(envelopeMagic);
}

/** The object inside the envelope (`runtime.Unknown.raw`, field 2). */
export function envelopeContent(body: Buffer): Buffer {
  return fieldsOf(body.subarray(4)).get(2)?.[0] ?? Buffer.alloc(0);
}

/** Named string fields of a message, `{1: 'namespace', 2: 'verb'}` → `{namespace, verb}`, leaving out absent ones. */
export function stringsOf(message: Buffer | undefined, names: Record<number, string>): Record<string, string> {
  if (message === undefined) return {};
  const fields = fieldsOf(message);
  const result: Record<string, string> = {};
  for (const [number, name] of Object.entries(names)) {
    const value = fields.get(Number(number))?.[0];
    if (value !== undefined) result[name] = value.toString('utf8');
  }
  return result;
}
