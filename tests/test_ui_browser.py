"""The Dagster UI for real: dagster-webserver and the daemon on 127.0.0.1, headless Chromium
(Debian's `chromium` and `chromium-driver`, installed by .ci/run), and the GraphQL API the UI
uses to launch runs and backfills. Screenshots go to test-artifacts/ui/."""

import os
import subprocess
import time

import pyarrow.parquet as pq
import pytest
from helpers import so8t_exe, venv_bin, write_config
from texts import GOOD_EN, GOOD_JA
from ui_server import REPO, DagsterServer, chromium_paths, headless_chromium

ARTIFACTS = REPO / "test-artifacts" / "ui"
ASSETS = ("raw_pages", "nsfw_labels", "cleansed_text", "domain_labels", "four_class_labels", "thinking_datasets",
          "session_report", "nsfw_model", "safety_model")
SESSION = "ui_session"
LAUNCH_RUN = """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
  __typename ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } } }"""
BACKFILL = """mutation($params: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $params) {
  __typename ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }"""


@pytest.fixture(scope="module")
def ui(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui")
    (root / "home").mkdir()
    site = root / "site"
    (site / "ja").mkdir(parents=True)
    for path, text in (("en.html", GOOD_EN), ("ja/a.html", GOOD_JA)):
        paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
        (site / path).write_text(f"<html><body><article>{paragraphs}</article></body></html>", encoding="utf-8")
    config = write_config(root, with_models=True, data_sources={
        "kind": "html_dir", "html_dir": {"path": str(site), "base_url": "https://mirror.example/"}})
    env = {**os.environ, "DAGSTER_HOME": str(root / "home"), "SO8T_CONFIG": str(config)}
    (root / "none.txt").write_text("")
    for sid in (SESSION, "b1", "b2"):
        subprocess.run([so8t_exe(), "session", "new", "--seeds", str(root / "none.txt"), "--id", sid],
                       env=env, check=True, capture_output=True)
    subprocess.run([so8t_exe(), "run", "--session", SESSION], env=env, check=True, capture_output=True)
    with DagsterServer(env, root) as server:
        yield server, root, env


def _skip_welcome_dialog(driver, timeout_s=15):
    """The UI greets a new browser profile with a newsletter dialog a moment after loading."""
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        buttons = driver.find_elements(By.XPATH, "//button[normalize-space()='Skip']")
        if buttons:
            buttons[0].click()
            time.sleep(0.5)
            return
        time.sleep(0.3)


def _wait_for_text(driver, texts, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while True:
        body = driver.find_element("tag name", "body").text
        if all(t in body for t in texts) or time.monotonic() > deadline:
            return body
        time.sleep(0.5)


def test_asset_graph_and_a_session_partition_in_chromium(ui, tmp_path):
    paths = chromium_paths()
    if paths is None:
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are missing: .ci/run installs them")
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    server, _, _ = ui
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver = headless_chromium(*paths, tmp_path / "profile")
    try:
        driver.get(f"{server.url}/asset-groups")
        _wait_for_text(driver, ["Global asset lineage", "ingest", "datasets"])
        _skip_welcome_dialog(driver)
        canvas = max(driver.find_elements(By.CSS_SELECTOR, "svg"), key=lambda e: e.size["width"] * e.size["height"])
        ActionChains(driver).context_click(canvas).perform()
        driver.find_element(By.XPATH, "//button[contains(., 'Expand all groups')]").click()
        body = _wait_for_text(driver, ASSETS)
        driver.save_screenshot(str(ARTIFACTS / "asset_graph.png"))
        assert all(name in body for name in ASSETS), body[:2000]

        driver.get(f"{server.url}/assets/raw_pages?view=partitions&partition={SESSION}")
        body = _wait_for_text(driver, [SESSION, "Latest materialization", "dagster/row_count"])
        driver.save_screenshot(str(ARTIFACTS / "raw_pages_session.png"))
        assert SESSION in body and "Materialized" in body and "dagster/row_count" in body, body[:2000]
    finally:
        driver.quit()
    assert (ARTIFACTS / "asset_graph.png").stat().st_size > 10_000


def _location(server) -> dict:
    data = server.graphql("{ repositoriesOrError { ... on RepositoryConnection "
                          "{ nodes { name location { name } } } } }")
    node = data["repositoriesOrError"]["nodes"][0]
    return {"repositoryLocationName": node["location"]["name"], "repositoryName": node["name"]}


def test_graphql_launches_a_materialisation(ui):
    server, root, _ = ui
    report = root / "data" / "reports" / f"session={SESSION}" / "stats.json"
    before = report.stat().st_mtime_ns
    params = {"selector": {**_location(server), "jobName": "__ASSET_JOB",
                           "assetSelection": [{"path": ["session_report"]}]},
              "executionMetadata": {"tags": [{"key": "dagster/partition", "value": SESSION}]}}
    launched = server.graphql(LAUNCH_RUN, params=params)["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    assert server.wait_for_runs([run_id]) == {run_id: "SUCCESS"}, (root / "daemon.log").read_text()[-3000:]
    assert report.stat().st_mtime_ns > before  # the report was redrawn by that run


def test_backfills_from_the_cli_and_from_the_ui(ui):
    server, root, env = ui
    # The CLI: a job backfill over two sessions; the daemon runs what it queues.
    out = subprocess.run([venv_bin("dagster"), "job", "backfill", "-w", str(REPO / "workspace.yaml"), "-j",
                          "full_pipeline", "--partitions", "b1,b2", "--noprompt"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "Launched backfill job" in out.stdout, out.stdout + out.stderr
    runs = server.graphql('{ runsOrError(filter: {statuses: [QUEUED, STARTING, STARTED, SUCCESS, FAILURE]}) '
                          '{ ... on Runs { results { runId tags { key value } } } } }')["runsOrError"]["results"]
    backfilled = {t["value"]: r["runId"] for r in runs for t in r["tags"] if t["key"] == "dagster/partition"
                  and any(x["key"] == "dagster/backfill" for x in r["tags"])}
    assert set(backfilled) == {"b1", "b2"}
    assert set(server.wait_for_runs(list(backfilled.values())).values()) == {"SUCCESS"}
    kept = pq.read_metadata(root / "data" / "thinking_datasets" / f"session={SESSION}" / "part-0.parquet").num_rows
    assert kept > 0
    for sid in ("b1", "b2"):  # same pages as ui_session: cross-session dedup rejects them all, as it should
        assert pq.read_metadata(root / "data" / "raw_pages" / f"session={sid}" / "part-0.parquet").num_rows == 2
        assert (root / "data" / "thinking_datasets" / f"session={sid}" / "part-0.parquet").exists()
        rejects = pq.read_table(root / "data" / "cleansed_rejects" / f"session={sid}" / "part-0.parquet")
        assert set(rejects.column("drop_reason").to_pylist()) == {"exact_duplicate"}

    # The UI's "Materialize → partitions" button: an asset backfill over the same two sessions.
    launched = server.graphql(BACKFILL, params={"partitionNames": ["b1", "b2"],
                                                "assetSelection": [{"path": ["session_report"]}]})
    assert launched["launchPartitionBackfill"]["__typename"] == "LaunchBackfillSuccess", launched
    backfill_id = launched["launchPartitionBackfill"]["backfillId"]
    query = "query($id: String!) { partitionBackfillOrError(backfillId: $id) { ... on PartitionBackfill { status } } }"
    deadline = time.monotonic() + 180
    while (status := server.graphql(query, id=backfill_id)["partitionBackfillOrError"]["status"]) == "REQUESTED":
        assert time.monotonic() < deadline, (root / "daemon.log").read_text()[-3000:]
        time.sleep(1)
    assert status == "COMPLETED_SUCCESS", status
