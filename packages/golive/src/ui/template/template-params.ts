// The query the egress opens the template with, `?url=<ws url>&token=<token>&layout=<layout>`
// (docs/architecture.md, "The composite template"), checked before anything uses it.
import { z } from "zod";
import { DEFAULT_LAYOUT, layouts, type Layout } from "../../contract/client";

const layoutSchema = z.enum(layouts);
const paramsSchema = z.object({ url: z.string().regex(/^(wss?|https?):\/\//, "url must be a ws(s) or http(s) address."), token: z.string().min(1, "token is missing.") });

export type TemplateParams = { url: string; token: string; layout: Layout };

/** The layout named, or golive's default for one it doesn't offer. */
export const layoutOr = (value: string | null | undefined, fallback: Layout = DEFAULT_LAYOUT): Layout => {
  const parsed = layoutSchema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
};

/** The template's parameters, or the sentence saying which is missing. */
export function readTemplateParams(search: string): { ok: true; params: TemplateParams } | { ok: false; problem: string } {
  const query = new URLSearchParams(search);
  const parsed = paramsSchema.safeParse({ url: query.get("url") ?? "", token: query.get("token") ?? "" });
  if (!parsed.success) return { ok: false, problem: parsed.error.issues.map((i) => i.message).join(" ") };
  return { ok: true, params: { ...parsed.data, layout: layoutOr(query.get("layout")) } };
}

/** The HTTP origin of a LiveKit URL (ws→http, wss→https). */
export const httpOrigin = (url: string) => new URL(url.replace(/^ws(s?):\/\//, "http$1://")).origin;
