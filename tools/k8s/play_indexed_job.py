#!/usr/bin/env python3
"""Plays deploy/kubernetes with podman, without a cluster: one Pod per index of the shards'
Indexed Job (podman 4.3 does not play `kind: Job`), made from the Job's own pod template with
JOB_COMPLETION_INDEX set as the Job controller sets it, then the merge Job's pod; then compares
the merged outputs, file by file, with a single `sheetpipe run` in the same image.

  python3 tools/k8s/play_indexed_job.py --image sheetpipe:check [--shards 3] [--inputs samples]

`make k8s-local` builds the image (../shared/tools/container-check) and runs this. Volumes: the
PersistentVolumeClaim's in/, work/ and out/ sub-folders and the ConfigMap become folders of
--folder (hostPath), owned by the image's user; an index that fails with a code other than 2 is
retried up to the Job's backoffLimitPerIndex, as Kubernetes would.
"""
import argparse
import copy
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEPLOY = os.path.join(ROOT, "deploy", "kubernetes")


def load(path):
    with open(os.path.join(DEPLOY, path), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def podman(*args, check=True, capture=False):
    result = subprocess.run(["podman", *args], text=True, capture_output=capture)
    if check and result.returncode != 0:
        sys.exit(f"podman {' '.join(args)} failed ({result.returncode}): {result.stderr if capture else ''}")
    return result


def image_volumes():
    """The Dockerfile's VOLUME paths. Kubernetes ignores them; podman puts an anonymous volume
    (filled from the image) at each one not mounted explicitly, even below a mounted folder."""
    with open(os.path.join(ROOT, "Dockerfile"), encoding="utf-8") as handle:
        for line in handle:
            if line.strip().startswith("VOLUME"):
                return json.loads(line.strip()[len("VOLUME"):])
    return []


def pod_from_template(template, pod_name, image, env, folder):
    """A Pod with the template's spec, the image given, `env` added, $(VAR) expanded in args (as
    the kubelet does) and the claim's sub-paths and the ConfigMap as host folders."""
    spec = copy.deepcopy(template["spec"])
    volumes = {volume["name"]: volume for volume in spec.get("volumes", [])}
    new_volumes = []
    for container in spec["containers"]:
        container["image"] = image
        container.setdefault("env", [])
        container["env"] = [e for e in container["env"] if e["name"] not in env]
        container["env"] += [{"name": key, "value": value} for key, value in env.items()]
        values = {e["name"]: e.get("value", "") for e in container["env"]}
        container["args"] = [re.sub(r"\$\((\w+)\)", lambda m: values.get(m.group(1), m.group(0)), arg)
                             for arg in container.get("args", [])]
        mounts = []
        for mount in container.get("volumeMounts", []):
            volume = volumes[mount["name"]]
            mount = dict(mount)
            if "persistentVolumeClaim" in volume:
                sub = mount.pop("subPath", "")
                host = os.path.join(folder, "volume", sub)
                name = f"data-{sub or 'root'}"
            elif "configMap" in volume:
                host = os.path.join(folder, "definition")
                name = "definition"
            else:
                # An emptyDir: a fresh folder of this pod's own.
                host = os.path.join(folder, "tmp", f"{pod_name}-{mount['name']}")
                os.makedirs(host, exist_ok=True)
                chown(host)
                name = f"tmp-{mount['name']}"
            mount["name"] = name
            mounts.append(mount)
            if name not in [v["name"] for v in new_volumes]:
                new_volumes.append({"name": name, "hostPath": {"path": host, "type": "Directory"}})
            # The image's VOLUME paths below this mount, mounted from the same host folder as
            # Kubernetes would show them.
            for path in image_volumes() if "persistentVolumeClaim" in volume else []:
                if path.startswith(mount["mountPath"].rstrip("/") + "/"):
                    sub = path[len(mount["mountPath"].rstrip("/")) + 1:]
                    os.makedirs(os.path.join(host, sub), exist_ok=True)
                    chown(os.path.join(host, sub))
                    inner = f"{name}-{sub.replace('/', '-')}"
                    mounts.append({"name": inner, "mountPath": path, "readOnly": mount.get("readOnly", False)})
                    new_volumes.append({"name": inner, "hostPath": {"path": os.path.join(host, sub), "type": "Directory"}})
        container["volumeMounts"] = mounts
    spec["volumes"] = new_volumes
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": pod_name}, "spec": spec}


def chown(path, uid=10001):
    for base, folders, files in os.walk(path):
        os.chown(base, uid, uid)
        for file in files:
            os.chown(os.path.join(base, file), uid, uid)


def play(pod, folder):
    path = os.path.join(folder, pod["metadata"]["name"] + ".yaml")
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(pod, handle, sort_keys=False)
    podman("pod", "rm", "--force", "--ignore", pod["metadata"]["name"], capture=True)
    podman("kube", "play", "--network", "none", path, capture=True)
    return pod["metadata"]["name"] + "-" + pod["spec"]["containers"][0]["name"]


def wait(container):
    code = int(podman("wait", container, capture=True).stdout.strip() or "-1")
    logs = podman("logs", container, capture=True, check=False)
    return code, logs.stdout + logs.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--image", default="localhost/sheetpipe:check")
    parser.add_argument("--shards", type=int, default=3)
    parser.add_argument("--inputs", default=os.path.join(ROOT, "samples"))
    parser.add_argument("--folder", default="/var/tmp/sheetpipe-k8s-local")
    args = parser.parse_args()

    job = load("shards-job.yaml")
    merge = load("merge-job.yaml")
    config = load("configmap.yaml")
    shutil.rmtree(args.folder, ignore_errors=True)
    for sub in ("volume/in", "volume/work", "volume/out", "definition", "single"):
        os.makedirs(os.path.join(args.folder, sub))
    for name in os.listdir(args.inputs):
        shutil.copy(os.path.join(args.inputs, name), os.path.join(args.folder, "volume/in", name))
    for key, text in config["data"].items():
        with open(os.path.join(args.folder, "definition", key), "w", encoding="utf-8") as handle:
            handle.write(text)
    chown(args.folder)

    retries = job["spec"].get("backoffLimitPerIndex", 0)
    template = job["spec"]["template"]
    env = {"SHEETPIPE_SHARDS": str(args.shards)}
    pending = {index: 0 for index in range(args.shards)}
    failed = False
    while pending:
        running = {}
        for index in pending:
            pod = pod_from_template(template, f"sheetpipe-shards-{index}", args.image,
                                    {**env, "JOB_COMPLETION_INDEX": str(index)}, args.folder)
            running[index] = play(pod, args.folder)
        next_round = {}
        for index, container in running.items():
            code, logs = wait(container)
            print(f"shard {index}/{args.shards}: exit {code}, {len(logs.splitlines())} log lines")
            if code == 0:
                continue
            if code == 2 or pending[index] >= retries:
                print(logs, file=sys.stderr)
                failed = True
                continue
            next_round[index] = pending[index] + 1
        pending = next_round
    if failed:
        sys.exit("a shard failed: no merge")

    pod = pod_from_template(merge["spec"]["template"], "sheetpipe-merge", args.image, {}, args.folder)
    code, logs = wait(play(pod, args.folder))
    summary = logs.strip().splitlines()[-1] if logs.strip() else "{}"
    print(f"merge: exit {code}; last log line: {summary[:200]}…")
    if code not in (0, 1):
        print(logs, file=sys.stderr)
        sys.exit("the merge failed")

    # The same definition in one process, for the comparison.
    definition = "/etc/sheetpipe/" + next(iter(config["data"]))
    podman("run", "--rm", "--network=none", "--read-only", "--tmpfs", "/tmp", "--user", "10001",
           "-v", f"{args.folder}/volume/in:/data/in:ro", "-v", f"{args.folder}/single:/data/out",
           "-v", f"{args.folder}/definition:/etc/sheetpipe:ro", args.image, "run", definition,
           "--quiet", check=False)
    merged = os.path.join(args.folder, "volume/out/national-report")
    single = os.path.join(args.folder, "single/national-report")
    differences = compare(merged, single)
    for difference in differences:
        print("differs:", difference)
    print(f"{'identical' if not differences else 'DIFFERENT'}: merged outputs of {args.shards} pods vs a single run"
          f" ({len(list_files(single))} files)")
    for index in range(args.shards):
        podman("pod", "rm", "--force", "--ignore", f"sheetpipe-shards-{index}", capture=True)
    podman("pod", "rm", "--force", "--ignore", "sheetpipe-merge", capture=True)
    sys.exit(1 if differences else 0)


def list_files(folder):
    found = []
    for base, _, files in os.walk(folder):
        found += [os.path.relpath(os.path.join(base, name), folder) for name in files]
    return sorted(found)


def compare(merged, single):
    differences = []
    names = sorted(set(list_files(merged)) | set(list_files(single)))
    for name in names:
        a, b = os.path.join(merged, name), os.path.join(single, name)
        if not (os.path.exists(a) and os.path.exists(b)):
            differences.append(f"{name}: only in {'the merge' if os.path.exists(a) else 'the single run'}")
        elif name == "manifest.json":
            # The `run` part differs by design (it lists the shards).
            strip = lambda path: {k: v for k, v in json.load(open(path, encoding="utf-8")).items() if k != "run"}
            if strip(a) != strip(b):
                differences.append(name)
        elif name == ".sheetpipe-output":
            continue  # the ledger lists the manifest's hash, so it differs with the manifest
        elif not filecmp.cmp(a, b, shallow=False):
            differences.append(name)
    return differences


if __name__ == "__main__":
    main()
