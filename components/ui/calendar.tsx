"use client";
import { DayPicker } from "react-day-picker";
import "react-day-picker/style.css";
import { cn } from "@/lib/ui/cn";

// The calendar: react-day-picker (keyboard: arrows move by day and week,
// Page Up/Down by month, Home/End to the week's ends, Enter/Space picks;
// the grid and its days are labelled for screen readers), in the app's
// tokens (app/globals.css, "The calendar"), so it follows light and dark.

export function Calendar({ className, ...props }: React.ComponentProps<typeof DayPicker>) {
  return <DayPicker className={cn("tg-calendar", className)} {...props} />;
}
