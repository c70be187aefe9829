import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { customersDirFor, PROJECT_ROOT } from "../../src/project-paths.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";

describe("the customers folder the Pulumi program reads", () => {
  it("is customers/ of the project root whatever the working directory", () => {
    expect(PROJECT_ROOT).toBe(PROJECT_DIR);
    expect(customersDirFor({})).toBe(join(PROJECT_DIR, "customers"));
    expect(customersDirFor({ LSU_CUSTOMERS_DIR: "" })).toBe(join(PROJECT_DIR, "customers"));
  });

  it("takes LSU_CUSTOMERS_DIR, a relative value from the project root", () => {
    expect(customersDirFor({ LSU_CUSTOMERS_DIR: "examples/customers" }, "/p")).toBe(
      "/p/examples/customers",
    );
    expect(customersDirFor({ LSU_CUSTOMERS_DIR: "/abs/dir" }, "/p")).toBe("/abs/dir");
  });
});
