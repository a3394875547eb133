import Foundation
import SheetTestSupport
import Testing

/// deploy/kubernetes, checked offline against the API's own schemas by kubernetes-validate
/// (PyPI; it bundles them), strictly (an unknown or misspelt field fails), at the minimum
/// Kubernetes version the README names (per-index backoff is on by default from 1.29) and at
/// the newest it knows.
@Suite struct KubernetesManifestTests {
    static let folder = Binary.packageRoot.appendingPathComponent("deploy/kubernetes")
    static let minimumVersion = "1.29.0"

    /// python3 with kubernetes_validate (installed by .ci/run); without it these tests are skipped.
    static let available: Bool = {
        guard let run = try? TemplateChecker.python(["-c", "import kubernetes_validate"]) else { return false }
        if run.status != 0 {
            print(
                "SKIPPED: the Kubernetes manifest checks need python3 with kubernetes-validate (pip install kubernetes-validate)"
            )
        }
        return run.status == 0
    }()

    /// The manifests the kustomization applies, in its order.
    static func resources() throws -> [String] {
        let text = try String(contentsOf: folder.appendingPathComponent("kustomization.yaml"), encoding: .utf8)
        var inResources = false
        var found: [String] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("resources:") {
                inResources = true
            } else if inResources, line.hasPrefix("  - ") {
                found.append(String(line.dropFirst(4)))
            } else if !line.hasPrefix(" ") {
                inResources = false
            }
        }
        return found
    }

    static func validate(_ files: [String], version: String) throws -> BinaryRun {
        try TemplateChecker.python(
            ["-m", "kubernetes_validate", "--strict", "-k", version]
                + files.map { folder.appendingPathComponent($0).path })
    }

    @Test(.enabled(if: available)) func theManifestsAreValidAtTheMinimumAndNewestVersions() throws {
        let files = try Self.resources()
        #expect(Set(files) == ["configmap.yaml", "pvc.yaml", "shards-job.yaml", "merge-job.yaml"])
        let yamls = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".yaml") && $0 != "kustomization.yaml"
        }
        #expect(Set(yamls) == Set(files), "every manifest is applied by the kustomization")
        for version in [Self.minimumVersion, "1.37.0"] {
            let run = try Self.validate(files, version: version)
            #expect(run.status == 0, "\(version): \(run.stdout)\(run.stderr)")
            #expect(run.stdout.components(separatedBy: " passed for resource ").count == files.count + 1)
        }
    }

    /// The check is real: before per-index backoff existed the Job is refused.
    @Test(.enabled(if: available)) func theIndexedJobNeedsARecentKubernetes() throws {
        let run = try Self.validate(["shards-job.yaml"], version: "1.27.0")
        #expect(run.status != 0, "\(run.stdout)\(run.stderr)")
    }

    /// What the shards and the merge need of the Job: an Indexed Job whose shard count is the
    /// one given to sheetpipe, no retry on exit 2, non-root with a read-only root file system.
    @Test func theShardJobKeepsItsPromises() throws {
        let job = try String(contentsOf: Self.folder.appendingPathComponent("shards-job.yaml"), encoding: .utf8)
        for line in [
            "completionMode: Indexed", "backoffLimitPerIndex:", "action: FailJob", "values: [2]",
            "runAsNonRoot: true", "readOnlyRootFilesystem: true", "mountPath: /tmp", "emptyDir:",
        ] {
            #expect(job.contains(line), "shards-job.yaml: \(line)")
        }
        let completions = job.firstMatch(of: /completions: (\d+)/)?.1
        let shards = job.firstMatch(of: /name: SHEETPIPE_SHARDS\n\s+value: "(\d+)"/)?.1
        #expect(completions != nil && completions == shards, "SHEETPIPE_SHARDS is the Job's completions")
    }

    /// The ConfigMap's definition, with /data/in and /data/out moved to a temporary folder
    /// holding the samples, is one `sheetpipe run` accepts and runs.
    @Test func theConfigMapsDefinitionRuns() throws {
        let configMap = try String(contentsOf: Self.folder.appendingPathComponent("configmap.yaml"), encoding: .utf8)
        var definition: [String] = []
        var inBlock = false
        for line in configMap.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  national-report.yml: |") {
                inBlock = true
            } else if inBlock {
                if !line.isEmpty && !line.hasPrefix("    ") { break }
                definition.append(String(line.dropFirst(4)))
            }
        }
        #expect(definition.count > 10, "national-report.yml found in the ConfigMap")
        let work = try TestFiles.folder("k8s-definition")
        try FileManager.default.copyItem(
            at: Binary.packageRoot.appendingPathComponent("samples"), to: work.appendingPathComponent("in"))
        let text = definition.joined(separator: "\n").replacingOccurrences(of: "/data/", with: work.path + "/")
        let path = work.appendingPathComponent("national-report.yml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let run = try Binary.run(["run", path.path, "--quiet"])
        #expect(run.status == 1, "the samples hold rejected rows: \(run.stderr)")
        #expect(
            FileManager.default.fileExists(
                atPath: work.appendingPathComponent("out/national-report/fiches-projets.csv").path))
    }
}
