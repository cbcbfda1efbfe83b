// The watch folder's client entry: its types the browser may import (tests/unit/source-rules.test.ts).
export type { PrivateWatchers } from "./policy";
