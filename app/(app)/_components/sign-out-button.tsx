"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  return (
    <Button variant="outline" size="sm" onClick={() => void signOut({ callbackUrl: "/signin" })}>
      <LogOut aria-hidden /> Sign out
    </Button>
  );
}
