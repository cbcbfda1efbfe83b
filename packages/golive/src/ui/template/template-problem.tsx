// What the template page shows when it can't draw the program: a sentence on black, since the
// egress records whatever the page shows (docs/ui.md, "The composite template").
export function TemplateProblem({ problem }: { problem: string }) {
  return (
    <div className="golive program-page">
      <p className="program-problem" role="alert">
        {problem}
      </p>
    </div>
  );
}
