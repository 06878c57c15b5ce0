"use client";
import { format } from "date-fns";
import { DayPicker, type Modifiers } from "react-day-picker";
import "react-day-picker/style.css";
import { cn } from "@/lib/ui/cn";

// The calendar: react-day-picker (keyboard: arrows move by day and week,
// Page Up/Down by month, Home/End to the week's ends, Enter/Space picks;
// the grid and its days are labelled for screen readers), in the app's
// tokens (app/globals.css, "The calendar"), so it follows light and dark.
// A day's label holds its number as a word ("Tuesday, November 3, 2026"),
// so the name contains what the button shows (WCAG 2.5.3).

const labelDayButton = (date: Date, modifiers: Modifiers) =>
  `${modifiers.today ? "Today, " : ""}${format(date, "EEEE, MMMM d, yyyy")}${modifiers.selected ? ", selected" : ""}`;

export function Calendar({ className, labels, ...props }: React.ComponentProps<typeof DayPicker>) {
  return <DayPicker className={cn("tg-calendar", className)} labels={{ labelDayButton, ...labels }} {...props} />;
}
