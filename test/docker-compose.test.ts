import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../engine/platform/config.js";
import { ROOT } from "./processes.js";

// No Docker engine runs the tests, so the compose file is held right by reading it.
interface Service {
  restart?: string;
  healthcheck?: unknown;
  environment?: Record<string, string>;
  volumes?: string[];
}
const compose = parse(await readFile(join(ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, Service>;
};

describe("docker-compose.yml", () => {
  it("restarts every service by itself and checks each one's health", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.restart, name).toBe("unless-stopped");
      expect(service.healthcheck, name).toBeDefined();
    }
  });

  it("gives Verdict's processes a configuration Verdict accepts", () => {
    for (const name of ["api", "worker"]) {
      const environment = { ...compose.services[name]?.environment };
      environment.VERDICT_OPERATOR_TOKEN = "op_compose_check_0123456789";
      expect(() => loadConfig(environment), name).not.toThrow();
    }
  });

  it("lets the api and the workers see the same file store", () => {
    const stores = ["api", "worker"].map((name) => {
      const { environment = {}, volumes = [] } = compose.services[name] ?? {};
      const config = loadConfig({ ...environment, VERDICT_OPERATOR_TOKEN: "op_compose_check_0123456789" });
      if (config.fileStore.kind !== "directory") return config.fileStore;
      const root = config.fileStore.root;
      const mounted = volumes.find((volume) => volume.split(":")[1] === root);
      expect(mounted, `${name} mounts a volume at ${root}`).toBeDefined();
      return mounted;
    });
    expect(stores[0]).toEqual(stores[1]);
  });
});
