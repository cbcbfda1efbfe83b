"use client";
// better-auth's browser client; same-origin, so no base URL is needed.
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
