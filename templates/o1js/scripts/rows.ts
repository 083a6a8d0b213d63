// npm run rows: the row count of every chunk circuit (analyzeMethods) beside
// the count zkml predicted when it chose the chunks.
import { initBackend } from '../src/backend.js';
import { chunks, model } from '../src/model.js';

await initBackend();
const rows = [];
for (let i = 0; i < chunks.length; i++) {
  const a = await chunks[i].analyzeMethods();
  rows.push({ chunk: i, rows: a.run.rows, predicted: model.chunks[i].rows });
}
console.log(JSON.stringify({ rows }));
