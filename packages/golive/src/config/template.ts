// Where golive's composite template is served, as the host set it in createGolive (../index.ts),
// kept on globalThis like the other host bindings (docs/architecture.md, "The host", "The
// composite template").
import { customTemplateSetting } from "./env";

const shared = globalThis as typeof globalThis & { __goliveTemplateUrl?: () => string | undefined };

/** `url`: the template's absolute URL on the app's public origin; undefined opts out. */
export function bindTemplateUrl(url: (() => string | undefined) | undefined): void {
  shared.__goliveTemplateUrl = url;
}

/**
 * The URL the egress opens as its `customBaseUrl`, or undefined for LiveKit's built-in layouts:
 * when the host opted out, LIVESTREAM_CUSTOM_TEMPLATE is "off", or the app's public origin is unknown.
 */
export function customTemplateUrl(): string | undefined {
  if (customTemplateSetting() === "off") return undefined;
  return shared.__goliveTemplateUrl?.();
}
