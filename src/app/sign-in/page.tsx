// The sign-in page (docs/ui.md, "Pages").
import type { Metadata } from "next";
import { safeReturnPath } from "@/components/server/require-user";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in · golive" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  return (
    <main className="narrow">
      <SignInForm next={safeReturnPath(next)} />
    </main>
  );
}
