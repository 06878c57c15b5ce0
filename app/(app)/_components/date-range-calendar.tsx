"use client";

// A custom date range on a calendar, beside the presets: two months, the
// current range selected, days after the org's today disabled. "Apply"
// opens the same view with only `from` and `to` changed (the range stays in
// the URL, as with the presets); the From and To date inputs of the filter
// form remain the fallback without script. Days are org-local days.
import { CalendarDays } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Calendar } from "@/components/ui/calendar";
import { Popover, PopoverClose, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { checkPickedRange, dayToDate, viewHref, type PickedRange } from "@/lib/dashboard/calendar-range";
import { formatNumber } from "@/lib/format/format-number";

export function DateRangeCalendar(props: {
  action: string;
  /** The view's other params, kept as they are. */
  keep: Record<string, string | undefined>;
  from: string;
  to: string;
  /** Today in the org's timezone (YYYY-MM-DD). */
  today: string;
  maxDays: number;
  timezone: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const current = { from: dayToDate(props.from), to: dayToDate(props.to) };
  const [picked, setPicked] = useState<PickedRange | undefined>(current);
  const check = checkPickedRange(picked, props.today, props.maxDays);
  const today = dayToDate(props.today);
  // The month before the range's last one on the left, so the last day shows on the right.
  const lastMonth = current.to > today ? today : current.to;
  const firstShown = new Date(lastMonth.getFullYear(), lastMonth.getMonth() - 1, 1);

  function openChange(next: boolean) {
    if (next) setPicked(current);
    setOpen(next);
  }
  function apply() {
    if (!check.ok) return;
    setOpen(false);
    router.push(viewHref(props.action, { ...props.keep, from: check.from, to: check.to }));
  }

  return (
    <Popover open={open} onOpenChange={openChange}>
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm" data-testid="range-calendar-open"><CalendarDays aria-hidden />Custom range…</Button>
      </PopoverTrigger>
      {/* The calendar takes focus itself, on the range's first day. */}
      <PopoverContent aria-label="Pick a date range" data-testid="range-calendar" onOpenAutoFocus={(e) => e.preventDefault()}>
        <Calendar
          autoFocus
          mode="range"
          selected={picked}
          onSelect={setPicked}
          resetOnSelect
          numberOfMonths={2}
          defaultMonth={firstShown}
          endMonth={today}
          today={today}
          disabled={{ after: today }}
          footer={
            <p className="mt-2 mb-0 text-sm" data-testid="range-calendar-summary">
              {check.ok
                ? `${check.from} to ${check.to}: ${formatNumber(check.days)} ${check.days === 1 ? "day" : "days"} (${props.timezone})${picked?.to ? "" : ". Pick the last day, or apply this one day."}`
                : check.reason}
            </p>
          }
        />
        <div className="mt-2 flex justify-end gap-2">
          <PopoverClose asChild><Button variant="outline" size="sm">Cancel</Button></PopoverClose>
          <Button size="sm" onClick={apply} disabled={!check.ok}>Apply range</Button>
        </div>
      </PopoverContent>
    </Popover>
  );
}
