// golive's composite template (docs/ui.md, "The composite template"): the page LiveKit's egress
// opens as `customBaseUrl`, `?url=…&token=…&layout=…`. No session: the egress's browser has none;
// the token in the URL is what lets it into the room.
import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { sandboxSetting } from "@golive/next/config";
import { CompositeTemplate } from "@golive/next/ui";

export const metadata: Metadata = { title: "Program · golive", robots: { index: false } };

// Whether the app runs against the sandbox is known at request time, not at build time.
async function Template() {
  await connection();
  return <CompositeTemplate sandbox={sandboxSetting() === "on"} />;
}

export default function TemplatePage() {
  return (
    <Suspense fallback={null}>
      <Template />
    </Suspense>
  );
}
