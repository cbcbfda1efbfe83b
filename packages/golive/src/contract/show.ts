// The show document: what a custom egress template draws over the room (scene, title, lower
// third, banner, colours, logo, layout), stored as LiveKit room metadata so every template and
// browser in the room reads the same thing (docs/architecture.md, "The package"). Pure zod, so
// the host's form, the route and the template run the same rules. A host's document is checked
// strictly; a template's read never throws, since an old template must keep drawing whatever a
// newer golive wrote, field by field.
import "./zod-jitless";
import { z } from "zod";
import { DEFAULT_LAYOUT, layouts } from "./shapes";
import type { Layout } from "./shapes";
import { textField } from "./text-fields";

export const SHOW_VERSION = 1;
export const scenes = ["live", "starting-soon", "be-right-back", "ending"] as const;
export type Scene = (typeof scenes)[number];

export const SHOW_LIMITS = { title: 120, name: 80, line: 120, banner: 200, logoUrl: 2048 } as const;

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const colorField = (field: string) => z.string({ error: `${field} must be a string.` }).regex(HEX_COLOR, `${field} must be a colour like #1a2b3c.`);

/** An https URL, or a path on the template's own origin ("/logo.png", never "//host"). */
const isLogoUrl = (value: string): boolean => {
  if (value.startsWith("/")) return !value.startsWith("//") && !value.startsWith("/\\");
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
};

const logoUrlMessage = "logo.url must be an https address or a path on this site starting with /.";

const sceneSchema = z.enum(scenes, { error: 'scene must be "live", "starting-soon", "be-right-back" or "ending".' });
const titleSchema = textField("title", SHOW_LIMITS.title);
const lowerThirdSchema = z
  .strictObject(
    { name: textField("lowerThird.name", SHOW_LIMITS.name).min(1, "lowerThird.name must not be empty."), line: textField("lowerThird.line", SHOW_LIMITS.line) },
    { error: "lowerThird must be { name, line } or null." },
  )
  .nullable();
const bannerSchema = textField("banner", SHOW_LIMITS.banner).min(1, "banner must not be empty; send null for no banner.").nullable();
const colorsSchema = z.strictObject(
  { accent: colorField("colors.accent"), background: colorField("colors.background") },
  { error: "colors must be { accent, background }." },
);
const logoSchema = z
  .strictObject(
    {
      url: z
        .string({ error: "logo.url must be a string." })
        .max(SHOW_LIMITS.logoUrl, `logo.url must be at most ${SHOW_LIMITS.logoUrl} characters.`)
        .refine(isLogoUrl, logoUrlMessage),
    },
    { error: "logo must be { url } or null." },
  )
  .nullable();
const layoutSchema = z.enum(layouts, { error: `layout must be one of ${layouts.join(", ")}.` });

/** What a host may send: every field, strictly, in version 1. */
export const showSchema = z.strictObject(
  {
    v: z.literal(SHOW_VERSION, { error: `v must be ${SHOW_VERSION}.` }),
    scene: sceneSchema,
    title: titleSchema,
    lowerThird: lowerThirdSchema,
    banner: bannerSchema,
    colors: colorsSchema,
    logo: logoSchema,
    layout: layoutSchema,
  },
  { error: "The show must be an object." },
);
export type Show = z.infer<typeof showSchema>;

export const DEFAULT_SHOW: Show = Object.freeze({
  v: SHOW_VERSION,
  scene: "live",
  title: "",
  lowerThird: null,
  banner: null,
  colors: Object.freeze({ accent: "#3b82f6", background: "#0b0b0f" }),
  logo: null,
  layout: DEFAULT_LAYOUT satisfies Layout,
}) as Show;

const fieldSchemas = {
  scene: sceneSchema,
  title: titleSchema,
  lowerThird: lowerThirdSchema,
  banner: bannerSchema,
  colors: colorsSchema,
  logo: logoSchema,
  layout: layoutSchema,
} as const;

const pick = <K extends keyof typeof fieldSchemas>(raw: Record<string, unknown>, key: K): Show[K] => {
  const parsed = fieldSchemas[key].safeParse(raw[key]);
  return (parsed.success ? parsed.data : DEFAULT_SHOW[key]) as Show[K];
};

/**
 * What a template reads from the room's metadata. Never throws: no metadata, bad JSON or a
 * non-object give the defaults; any other version (a newer golive) is read field by field
 * like version 1, each field that doesn't fit falling back to its default alone.
 */
export function parseShow(metadata: string | undefined): Show {
  if (!metadata) return DEFAULT_SHOW;
  let raw: unknown;
  try {
    raw = JSON.parse(metadata);
  } catch {
    return DEFAULT_SHOW;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return DEFAULT_SHOW;
  const record = raw as Record<string, unknown>;
  return {
    v: SHOW_VERSION,
    scene: pick(record, "scene"),
    title: pick(record, "title"),
    lowerThird: pick(record, "lowerThird"),
    banner: pick(record, "banner"),
    colors: pick(record, "colors"),
    logo: pick(record, "logo"),
    layout: pick(record, "layout"),
  };
}

/** The room metadata for a checked show: its fields in a fixed order, nothing else. */
export function serializeShow(show: Show): string {
  const checked = showSchema.parse(show);
  return JSON.stringify({
    v: checked.v,
    scene: checked.scene,
    title: checked.title,
    lowerThird: checked.lowerThird,
    banner: checked.banner,
    colors: checked.colors,
    logo: checked.logo,
    layout: checked.layout,
  });
}
