// Float inference oracle: runs an ONNX model with onnxruntime-node.
// stdin:  {"model": path, "shape": [dims], "rows": [[float, ...], ...]}
// stdout: {"input": name, "output": name, "outputs": [[float, ...], ...]}
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

const req = JSON.parse(readFileSync(0, 'utf8'));
const session = await ort.InferenceSession.create(req.model);
const input = session.inputNames[0];
const output = session.outputNames[0];
const outputs = [];
for (const row of req.rows) {
  const x = new ort.Tensor('float32', Float32Array.from(row), req.shape);
  const res = await session.run({ [input]: x });
  outputs.push(Array.from(res[output].data, Number));
}
process.stdout.write(JSON.stringify({ input, output, outputs }));
