// Entry point bundled by ncc into dist/index.js. Everything happens in run().
import { run } from './main.js';

await run();
