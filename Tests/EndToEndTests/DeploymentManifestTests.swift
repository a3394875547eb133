import Foundation
import SheetTestSupport
import Testing

/// deploy/kubernetes, checked offline: every manifest the two kustomizations apply is valid for
/// the oldest Kubernetes the README supports and the newest one kubernetes-validate knows
/// (strict: an unknown or misspelt key fails), and the definition the ConfigMap carries runs.
@Suite struct DeploymentManifestTests {
    static let folder = Binary.packageRoot.appendingPathComponent("deploy/kubernetes")
    /// The README's minimum (backoffLimitPerIndex is generally available from 1.33) and the newest.
    static let versions = ["1.33.0", "1.37.0"]

    static let validatorAvailable: Bool = {
        // As a module: pip's script may land in a folder that is not on PATH.
        let found = (try? Binary.shell("python3 -c 'import kubernetes_validate'"))?.status == 0
        if !found {
            print("SKIPPED: the Kubernetes manifests need kubernetes-validate (pip install kubernetes-validate)")
        }
        return found
    }()

    /// The files a kustomization lists under `resources:`, relative to the package root.
    static func resources(of kustomization: String) throws -> [String] {
        let text = try String(
            contentsOf: folder.appendingPathComponent(kustomization).appendingPathComponent("kustomization.yaml"),
            encoding: .utf8)
        var files: [String] = []
        var inResources = false
        for line in text.split(separator: "\n") {
            if !line.hasPrefix(" ") { inResources = line.hasPrefix("resources:") }
            if inResources, line.hasPrefix("  - ") {
                files.append(
                    "deploy/kubernetes/\(kustomization)/\(line.dropFirst(4))".replacingOccurrences(of: "/./", with: "/")
                )
            }
        }
        return files
    }

    static func validate(_ files: [String], version: String) throws -> BinaryRun {
        try Binary.shell(
            "python3 -m kubernetes_validate --strict -k \(version) " + files.map { "'\($0)'" }.joined(separator: " "))
    }

    @Test(.enabled(if: validatorAvailable)) func everyManifestIsValidForTheSupportedVersions() throws {
        let files = try Self.resources(of: ".") + Self.resources(of: "merge")
        #expect(files.count == 4, "\(files)")
        for file in files {
            #expect(
                FileManager.default.fileExists(atPath: Binary.packageRoot.appendingPathComponent(file).path), "\(file)")
        }
        for version in Self.versions {
            let run = try Self.validate(files, version: version)
            #expect(run.status == 0, "Kubernetes \(version): \(run.stdout)\(run.stderr)")
        }
    }

    @Test(.enabled(if: validatorAvailable)) func aMisspeltKeyIsCaught() throws {
        let job = try String(contentsOf: Self.folder.appendingPathComponent("shards-job.yaml"), encoding: .utf8)
        #expect(job.contains("backoffLimitPerIndex:"))
        let copy = try TestFiles.folder("k8s").appendingPathComponent("shards-job.yaml")
        try job.replacingOccurrences(of: "backoffLimitPerIndex:", with: "backoffLimitPerIndx:").write(
            to: copy, atomically: true, encoding: .utf8)
        let run = try Self.validate([copy.path], version: Self.versions[0])
        #expect(run.status != 0, "strict validation refuses an unknown key: \(run.stdout)")
    }

    /// The ConfigMap's campaign.yml, with /data/in and /data/out moved to a temporary folder
    /// holding the samples, is a definition `sheetpipe run` accepts and runs.
    @Test func theConfigMapsDefinitionRuns() throws {
        let configMap = try String(contentsOf: Self.folder.appendingPathComponent("configmap.yaml"), encoding: .utf8)
        var definition: [String] = []
        var inBlock = false
        for line in configMap.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  campaign.yml: |") {
                inBlock = true
            } else if inBlock {
                if !line.isEmpty && !line.hasPrefix("    ") { break }
                definition.append(String(line.dropFirst(4)))
            }
        }
        #expect(definition.count > 10, "campaign.yml found in the ConfigMap")
        let work = try TestFiles.folder("k8s-definition")
        try FileManager.default.copyItem(
            at: Binary.packageRoot.appendingPathComponent("samples"), to: work.appendingPathComponent("in"))
        let text = definition.joined(separator: "\n").replacingOccurrences(of: "/data/", with: work.path + "/")
        let path = work.appendingPathComponent("campaign.yml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let run = try Binary.run(["run", path.path, "--quiet"])
        #expect(run.status == 1, "the samples hold rejected rows: \(run.stderr)")
        #expect(
            FileManager.default.fileExists(
                atPath: work.appendingPathComponent("out/national-report/fiches-projets.csv").path))
    }
}
