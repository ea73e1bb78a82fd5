"""``deploy/``: the Zero to JupyterHub values against the chart's published schema, and the
single-machine config against the settings the test suite's hub runs.

The Kubernetes files are validated, not deployed (no cluster here): ``deploy/values.yaml``
merged with the chart's defaults as helm merges them (maps merged, lists and scalars
replaced) and checked with the schema chart 4.4.0 ships (``tests/hub/Z2JH_SCHEMA.md``).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml
from traitlets.config import Config

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEPLOY = REPO / "deploy"
CHART = "4.4.0"


def helm_merge(base: object, over: object) -> object:
    """Helm's values merge: maps merged key by key, ``null`` removes, the rest replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            if value is None:
                out.pop(key, None)
            else:
                out[key] = helm_merge(base.get(key), value)
        return out
    return copy.deepcopy(over)


def load_values() -> dict:
    return yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))


def merged(values: dict) -> dict:
    """What helm validates: the chart's defaults, our values, and the --set-file."""
    chart = yaml.safe_load((HERE / f"z2jh-{CHART}.values.yaml").read_text(encoding="utf-8"))
    values = copy.deepcopy(values)
    values["hub"]["extraFiles"]["lvm-hub"]["stringData"] = (DEPLOY / "lvm_hub.py").read_text(
        encoding="utf-8")
    values["hub"]["extraFiles"]["lvm-spawn-pending"]["stringData"] = (
        DEPLOY / "templates" / "spawn_pending.html").read_text(encoding="utf-8")
    return helm_merge(chart, values)


@pytest.fixture(scope="module")
def validator():
    schema = json.loads((HERE / f"z2jh-{CHART}.values.schema.json").read_text(
        encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_the_values_pass_the_charts_schema(validator):
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(merged(load_values()))]
    assert errors == []
    assert f"--version {CHART}" in (DEPLOY / "values.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "value"), [
    (("singleuser", "memroy"), {"limit": "1G"}),               # a typo
    (("singleuser", "memory", "limit"), ["1G"]),               # a wrong type
    (("cull", "timeout"), "an hour"),
    (("hub", "extraFiles", "lvm-hub"), {"stringData": "x"}),   # no mountPath
])
def test_the_schema_check_catches_a_broken_value(validator, path, value):
    values = load_values()
    node = values
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    assert list(validator.iter_errors(merged(values)))


def test_the_values_agree_with_the_course_settings_and_the_group_volume():
    import sys

    sys.path.insert(0, str(DEPLOY))
    try:
        import lvm_hub
    finally:
        sys.path.remove(str(DEPLOY))
    values = load_values()
    single = values["singleuser"]
    assert single["defaultUrl"] == f"/lab/tree/{lvm_hub.NOTEBOOKS_DIR}/00_start_here.ipynb"
    [mount] = single["storage"]["extraVolumeMounts"]
    [volume] = single["storage"]["extraVolumes"]
    assert single["extraEnv"]["LVM_COURSE_SHARED_DIR"] == mount["mountPath"] == "/srv/lvm-group"
    assert f'group_dir="{mount["mountPath"]}"' in values["hub"]["extraConfig"]["lvm-course"]
    assert "idle_culler=False" in values["hub"]["extraConfig"]["lvm-course"]  # the chart's
    assert values["cull"]["enabled"] and values["cull"]["timeout"] == 3600
    assert mount["name"] == volume["name"]
    pvc = yaml.safe_load((DEPLOY / "group-volume.yaml").read_text(encoding="utf-8"))
    assert pvc["kind"] == "PersistentVolumeClaim"
    assert pvc["metadata"]["name"] == volume["persistentVolumeClaim"]["claimName"]
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    extra_file = values["hub"]["extraFiles"]["lvm-hub"]["mountPath"]
    assert extra_file.endswith("/lvm_hub.py") and str(Path(extra_file).parent) in \
        values["hub"]["extraConfig"]["lvm-course"]
    # the starting page's template lands where lvm_hub.py looks: templates/ beside it
    template = values["hub"]["extraFiles"]["lvm-spawn-pending"]["mountPath"]
    assert template == str(Path(extra_file).parent / "templates" / "spawn_pending.html")
    assert (DEPLOY / "templates" / "spawn_pending.html").is_file()
    readme = (DEPLOY.parent / "README.md").read_text(encoding="utf-8")
    for name, source in (("lvm-hub", "deploy/lvm_hub.py"),
                         ("lvm-spawn-pending", "deploy/templates/spawn_pending.html")):
        assert f"--set-file hub.extraFiles.{name}.stringData={source}" in readme
    # the same limits on every platform, from bench/bench_hub.py
    assert f'mem_limit="{single["memory"]["limit"]}"' in values["hub"]["extraConfig"][
        "lvm-course"]
    assert f'mem_guarantee="{single["memory"]["guarantee"]}"' in values["hub"][
        "extraConfig"]["lvm-course"]


def _load_config(path: Path, env: dict[str, str], monkeypatch) -> Config:
    """Execute a jupyterhub_config.py as JupyterHub does (``get_config`` in scope)."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    c = Config()
    monkeypatch.syspath_prepend(str(DEPLOY))
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"),  # noqa: S102
         {"get_config": lambda: c, "__file__": str(path), "__name__": "config"})
    return c


def test_production_and_test_hubs_share_every_course_setting(monkeypatch, tmp_path):
    """deploy/jupyterhub_config.py differs from the tests' hub only in spawner, login and
    addresses: the course's settings are the same call to lvm_hub.configure."""
    prod = _load_config(DEPLOY / "jupyterhub_config.py", {}, monkeypatch)
    test = _load_config(HERE / "jupyterhub_config.py", {
        "LVM_HUB_ROOT": str(tmp_path), "LVM_HUB_TRAINEES": "t1", "LVM_HUB_PASSWORDS": "{}",
        "LVM_HUB_PORT": "1", "LVM_HUB_API_PORT": "2", "LVM_HUB_PROXY_API_PORT": "3",
        "LVM_HUB_PROXY": "chp"}, monkeypatch)
    assert prod.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    assert prod.JupyterHub.authenticator_class == "pam"
    assert prod.SystemdSpawner.disable_user_sudo is True
    assert test.JupyterHub.spawner_class == "simple"
    for key in ("default_url", "server_token_scopes", "mem_limit", "mem_guarantee",
                "cpu_limit", "start_timeout", "http_timeout"):
        assert prod.Spawner[key] == test.Spawner[key], key
    assert set(prod.Spawner.environment) == set(test.Spawner.environment) == {
        "LVM_COURSE_SHARED_DIR", "LVM_COURSE_FACILITATORS", "LVM_COURSE_NOTEBOOKS_DIR",
        "LVM_COURSE_COHORT"}
    assert prod.Spawner.environment["LVM_COURSE_SHARED_DIR"] == "/srv/lvm-group"
    course_args = [a for a in test.Spawner.args if a.startswith("--MappingKernelManager")]
    assert course_args and course_args == [a for a in prod.Spawner.args
                                           if a.startswith("--MappingKernelManager")]
    assert [s["name"] for s in prod.JupyterHub.services] == \
        [s["name"] for s in test.JupyterHub.services] == ["idle-culler"]
    assert prod.JupyterHub.load_roles == test.JupyterHub.load_roles
    assert "lvm-facilitators" in prod.JupyterHub.load_groups
    assert test.JupyterHub.load_groups["lvm-facilitators"] == {"users": ["facilitator"]}
    assert test.JupyterHub.load_groups["lvm-cohort-ward7"] == {"users": ["t1"]}


def test_a_users_cohort_comes_from_their_lvm_cohort_group(monkeypatch):
    monkeypatch.syspath_prepend(str(DEPLOY))
    import lvm_hub

    def spawner(*groups: str) -> SimpleNamespace:
        return SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name=g)
                                                            for g in groups]))

    assert lvm_hub.cohort_of(spawner("lvm-facilitators", "lvm-cohort-ward7")) == "ward7"
    assert lvm_hub.cohort_of(spawner("lvm-cohort-b", "lvm-cohort-a")) == "a"
    assert lvm_hub.cohort_of(spawner("staff")) == ""
