import { cn } from "@/lib/ui/cn";
import { controlClass } from "./input";

export function Textarea({ className, ...props }: React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cn(controlClass, "h-auto min-h-16", className)} {...props} />;
}
