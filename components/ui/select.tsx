import { cn } from "@/lib/ui/cn";
import { controlClass } from "./input";

/** A styled native select: the browser's own keyboard and screen-reader behaviour, our look. */
export function Select({ className, ...props }: React.SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(controlClass, "pr-7", className)} {...props} />;
}
