import { getAuth } from "@/lib/auth";
import { errorResponse } from "@/lib/api/errors";

// better-auth's own handler, built on first request (see src/lib/auth.ts).
async function handle(request: Request): Promise<Response> {
  try {
    return await (await getAuth()).handler(request);
  } catch (error) {
    return errorResponse(error);
  }
}

export const GET = handle;
export const POST = handle;
