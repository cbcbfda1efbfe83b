"use client";
// better-auth's browser client; same-origin, so no base URL (docs/reference/security.md).
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
