import Link from "next/link";

export function FilterProblem({ title, problem, reset }: { title: string; problem: string; reset: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p role="alert" className="warn">These filters cannot be shown: {problem}</p>
      <p><Link href={reset}>Reset the filters</Link></p>
    </>
  );
}
