'use strict';
/*
 * A minimal ONNX (protobuf) encoder for synthesising small test models in Node without any npm
 * package.  Only the fields the tests need:
 *   ModelProto     ir_version=1, producer_name=2, graph=7, opset_import=8
 *   OperatorSetId  domain=1, version=2
 *   GraphProto     node=1, name=2, initializer=5, input=11, output=12
 *   NodeProto      input=1, output=2, name=3, op_type=4, attribute=5
 *   AttributeProto name=1, f=2, i=3, type=20 (FLOAT=1, INT=2)
 *   ValueInfoProto name=1, type=2; TypeProto tensor_type=1; Tensor elem_type=1, shape=2
 *   TensorShape    dim=1; Dimension dim_value=1
 *   TensorProto    dims=1, data_type=2 (FLOAT=1), float_data=4 (packed), name=8
 */

function varint(n) {
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n; // two's complement, 10 bytes
  const out = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}
const key = (field, wire) => varint((field << 3) | wire);
const fInt = (field, n) => Buffer.concat([key(field, 0), varint(n)]);
const fBytes = (field, buf) => Buffer.concat([key(field, 2), varint(buf.length), buf]);
const fStr = (field, s) => fBytes(field, Buffer.from(s, 'utf8'));
const fMsg = fBytes;
function fFloat(field, x) {
  const b = Buffer.alloc(4);
  b.writeFloatLE(x);
  return Buffer.concat([key(field, 5), b]);
}
function fPackedFloats(field, xs) {
  const b = Buffer.alloc(4 * xs.length);
  xs.forEach((x, i) => b.writeFloatLE(x, 4 * i));
  return fBytes(field, b);
}

function valueInfo(name, shape) {
  const dims = Buffer.concat(shape.map((d) => fMsg(1, fInt(1, d))));
  const tensorType = Buffer.concat([fInt(1, 1), fMsg(2, dims)]);
  return Buffer.concat([fStr(1, name), fMsg(2, fMsg(1, tensorType))]);
}

function tensor(name, dims, values) {
  return Buffer.concat([...dims.map((d) => fInt(1, d)), fInt(2, 1), fPackedFloats(4, values), fStr(8, name)]);
}

// attrs: {name: number} -> INT when integral and not forced float, FLOAT when {f: x}.
function attribute(name, v) {
  if (typeof v === 'object') return Buffer.concat([fStr(1, name), fFloat(2, v.f), fInt(20, 1)]);
  return Buffer.concat([fStr(1, name), fInt(3, v), fInt(20, 2)]);
}

function node({ name, op, inputs, outputs, attrs = {} }) {
  return Buffer.concat([
    ...inputs.map((s) => fStr(1, s)),
    ...outputs.map((s) => fStr(2, s)),
    fStr(3, name),
    fStr(4, op),
    ...Object.entries(attrs).map(([k, v]) => fMsg(5, attribute(k, v))),
  ]);
}

// spec: {opset, irVersion, inputs: [[name, shape]], outputs: [[name, shape]],
//        initializers: [[name, dims, values]], nodes: [...]}
function model(spec) {
  const graph = Buffer.concat([
    ...spec.nodes.map((n) => fMsg(1, node(n))),
    fStr(2, 'g'),
    ...(spec.initializers || []).map(([n, d, v]) => fMsg(5, tensor(n, d, v))),
    ...spec.inputs.map(([n, s]) => fMsg(11, valueInfo(n, s))),
    ...spec.outputs.map(([n, s]) => fMsg(12, valueInfo(n, s))),
  ]);
  return Buffer.concat([
    fInt(1, spec.irVersion || 8),
    fStr(2, 'nn2milp-e2e'),
    fMsg(7, graph),
    fMsg(8, Buffer.concat([fStr(1, ''), fInt(2, spec.opset || 13)])),
  ]);
}

module.exports = { model };
