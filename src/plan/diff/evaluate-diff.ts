import { formatIssue } from "../../model/issues.js";
import { evaluatePlan, type PlanEvaluation } from "../evaluate-plan.js";
import { diffPlans, type PlanDiff, type PlanSide } from "./diff-plans.js";
import { extractRevision } from "./git-base.js";
import { diffMarkdown } from "./markdown.js";
import { diffResources } from "./resources.js";

export interface DiffRun {
  diff: PlanDiff;
  before: PlanSide;
  after: PlanSide;
  markdown: string;
  /** the commit the base revision resolved to */
  commit: string;
}

const side = (evaluation: PlanEvaluation, hide?: { dir: string; as: string }): PlanSide => ({
  plan: evaluation.analysis.plan,
  problems: evaluation.analysis.issues.map((i) => {
    const text = formatIssue(i);
    return hide ? text.split(hide.dir).join(hide.as) : text;
  }),
  resources: diffResources(evaluation.resources),
});

/**
 * `npm run plan -- --diff REF`: evaluates the base revision's stack and customer files and the
 * working tree's with the working tree's program (the same mock engine), and compares them. The
 * program's own code changes show in the real preview, which CI posts next to this summary.
 */
export async function evaluateDiff(options: {
  projectDir: string;
  stack: string;
  customersDir: string;
  /** the customers folder as the user named it, for the summary */
  customersLabel: string;
  ref: string;
  allowDestructive: boolean;
}): Promise<DiffRun> {
  const base = extractRevision(options.projectDir, options.customersDir, options.ref);
  let before: PlanSide;
  try {
    before = side(
      await evaluatePlan({
        projectDir: base.projectDir,
        stack: options.stack,
        customersDir: base.customersDir,
      }),
      { dir: base.projectDir, as: options.ref },
    );
  } catch (e) {
    // The revision predates the stack (no Pulumi.<stack>.yaml): compare against nothing.
    before = { problems: [`${options.ref}: ${(e as Error).message}`], resources: [] };
  } finally {
    base.dispose();
  }
  const after = side(
    await evaluatePlan({
      projectDir: options.projectDir,
      stack: options.stack,
      customersDir: options.customersDir,
    }),
  );
  const diff = diffPlans(before, after);
  const markdown = diffMarkdown({
    diff,
    before,
    after,
    base: options.ref,
    stack: options.stack,
    customersDir: options.customersLabel,
    allowDestructive: options.allowDestructive,
  });
  return { diff, before, after, markdown, commit: base.commit };
}
