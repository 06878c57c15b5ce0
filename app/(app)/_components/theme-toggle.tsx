"use client";

// Light, dark, or the system's choice (the default). Kept in a cookie so the
// server renders the chosen theme and nothing flashes on load.
import { Monitor, Moon, Sun } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export type ThemeChoice = "system" | "light" | "dark";
const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const ICON = { system: Monitor, light: Sun, dark: Moon };

export function ThemeToggle({ initial }: { initial: ThemeChoice }) {
  const [theme, setTheme] = useState<ThemeChoice>(initial);
  function cycle() {
    const next = NEXT[theme];
    const root = document.documentElement;
    root.classList.remove("light", "dark");
    if (next !== "system") root.classList.add(next);
    document.cookie = `tollgate-theme=${next}; path=/; max-age=31536000; samesite=lax`;
    setTheme(next);
  }
  const Icon = ICON[theme];
  return (
    <Button variant="ghost" size="sm" onClick={cycle} aria-label={`Theme: ${theme}. Switch to ${NEXT[theme]}`} title={`Theme: ${theme}`}>
      <Icon aria-hidden /> {theme === "system" ? "System" : theme === "light" ? "Light" : "Dark"}
    </Button>
  );
}
