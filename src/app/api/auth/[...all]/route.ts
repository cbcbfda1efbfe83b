// better-auth's endpoints under /api/auth, with a body cap (docs/reference/security.md).
import { getAuth } from "@/lib/auth";
import { errorResponse, privateAnswer, readBodyText } from "@golive/next/http";

// Sign-up, sign-in and profile bodies are tiny; anything bigger is refused (413) before
// better-auth parses it, as the livestream routes do.
const MAX_AUTH_BODY_BYTES = 16 * 1024;

// better-auth's own handler, built on first request (see src/lib/auth.ts). Its answers are
// one person's (a session, a signed-in user, their cookies): no cache may keep them.
async function handle(request: Request): Promise<Response> {
  return privateAnswer(await answer(request));
}

async function answer(request: Request): Promise<Response> {
  try {
    const auth = await getAuth();
    if (request.method === "GET" || request.method === "HEAD") return await auth.handler(request);
    const body = await readBodyText(request, MAX_AUTH_BODY_BYTES);
    return await auth.handler(new Request(request.url, { method: request.method, headers: request.headers, body }));
  } catch (error) {
    return errorResponse(error);
  }
}

export const GET = handle;
export const POST = handle;
