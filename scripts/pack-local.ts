// `npm run pack:local`: golive's item for another app on this machine, while @golive/next is not
// on npm (README, "Add golive to your app"). Prints the command to run in that app.
import path from "node:path";
import { makeLocalItem } from "./lib/local-item";

const dir = path.resolve(".data/pack");
const { item, pages, packed } = makeLocalItem(dir);
for (const p of packed) console.log(`  ▶ packed ${p.name}@${p.version}: ${p.tarball}`);
const sandbox = packed.find((p) => p.name === "@golive/sandbox");
console.log(`  ▶ the item: ${item}\n\n  In your app's folder, run:\n\n    npx shadcn@latest add ${item}\n\n  and for golive's pages (optional): npx shadcn@latest add ${pages}`);
if (sandbox) console.log(`\n  and, to go live offline under next dev (README, "Add golive to your app"):\n\n    npm i -D ${sandbox.tarball}`);
console.log("");
