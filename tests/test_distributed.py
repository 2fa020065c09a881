"""Tests for mujaz.distributed on a real dask.distributed LocalCluster (processes, loopback)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

from mujaz import ConfigError, MissingDependencyError, MujazError
from mujaz.cli import main
from mujaz.distributed import FRAME_COLUMNS, dask_executor, summarize_bag, summarize_dataframe, summarize_partition
from mujaz.io.batch import run_batch
from tests._batch_support import HTML_FIXTURES, make_articles, read_jsonl, write_jsonl

distributed = pytest.importorskip("distributed")
dask_bag = pytest.importorskip("dask.bag")

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[object, object]]:
    """Two single-threaded worker processes on loopback, no dashboard, and a client."""
    local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address=None, silence_logs=50)
    client = distributed.Client(local, set_as_default=False)
    try:
        yield local, client
    finally:
        client.close()
        local.close()


def test_distributed_summarize_bag_matches_local(cluster: tuple[object, object]) -> None:
    _, client = cluster
    articles = make_articles(40) + [{"id": "bad", "body": "no text field"}, "نص عادي قصير عن الطقس في المدينة."]
    bag = dask_bag.from_sequence(articles, npartitions=4)
    rows = client.compute(summarize_bag(bag, max_words=25)).result()
    expected = [row for part in (articles[0:11], articles[11:22], articles[22:33], articles[33:])
                for row in summarize_partition(part, max_words=25)]
    assert [r["id"] for r in rows][:40] == [a["id"] for a in articles[:40]]
    assert [r["summary"] for r in rows] == [r["summary"] for r in expected]
    assert rows[40]["status"] == "error" and rows[40]["error"] == "field 'text' is missing"
    assert rows[41]["status"] == "ok"


def test_distributed_summarize_dataframe_keeps_the_index(cluster: tuple[object, object]) -> None:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    _, client = cluster
    articles = make_articles(30)
    frame = pd.DataFrame({"guid": [a["id"] for a in articles], "body": [a["text"] for a in articles]},
                         index=pd.RangeIndex(100, 130))
    frame.loc[105, "body"] = None
    frame.loc[106, "guid"] = None
    ddf = dd.from_pandas(frame, npartitions=3)
    result = client.compute(
        summarize_dataframe(ddf, text_field="body", id_field="guid", style="headline", keep_text=True)
    ).result()
    assert list(result.index) == list(range(100, 130))
    assert list(result.columns) == [*FRAME_COLUMNS, "text"]
    assert result.loc[105, "status"] == "error"
    assert result.loc[106, "id"] == "106"  # no id: named by the index label
    ok = result[result["status"] == "ok"]
    assert len(ok) == 29
    assert all(s == h for s, h in zip(ok["summary"], ok["headline"]))
    assert str(result["word_count"].dtype) == "Int64"


def test_distributed_dataframe_missing_column(cluster: tuple[object, object]) -> None:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    ddf = dd.from_pandas(pd.DataFrame({"body": ["نص"]}), npartitions=1)
    with pytest.raises(ConfigError, match="no column 'text'"):
        summarize_dataframe(ddf)


def test_distributed_resources_load_once_per_worker(cluster: tuple[object, object]) -> None:
    _, client = cluster

    def summarizer_identity(_: int) -> tuple[int, int]:
        import os

        from mujaz.methods import get_method

        return os.getpid(), id(get_method("news"))

    futures = client.map(summarizer_identity, range(12), pure=False)
    seen: dict[int, set[int]] = {}
    for pid, identity in client.gather(futures):
        seen.setdefault(pid, set()).add(identity)
    assert all(len(identities) == 1 for identities in seen.values())


def test_distributed_run_batch_on_the_cluster_matches_a_local_run(cluster: tuple[object, object],
                                                                   tmp_path: Path) -> None:
    local, _ = cluster
    source = write_jsonl(tmp_path / "in.jsonl", make_articles(150) + ["{broken"])
    run_batch(source, tmp_path / "local.jsonl", workers=1)
    with dask_executor(local.scheduler_address) as (executor, slots):
        assert slots == 2
        report = run_batch(source, tmp_path / "dask.jsonl", executor=executor, executor_slots=slots, chunk_size=16)
    assert (report.ok, report.failed) == (150, 1)
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_distributed_cli_dask_option_and_resume(cluster: tuple[object, object], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    local, _ = cluster
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in HTML_FIXTURES.iterdir():
        (folder / page.name).write_bytes(page.read_bytes())
    out = tmp_path / "out.jsonl"
    address = local.scheduler_address
    assert main(["batch", str(folder), "-o", str(out), "--dask", address, "--limit", "3"]) == 0
    assert main(["batch", str(folder), "-o", str(out), "--dask", address, "--resume"]) == 0
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == sorted(p.name for p in HTML_FIXTURES.iterdir())
    assert [r["status"] for r in rows].count("ok") == len(rows) - 1
    assert "3 already done (resumed)" in capsys.readouterr().err


def test_distributed_executor_unreachable_scheduler() -> None:
    with pytest.raises(MujazError, match="cannot connect to the Dask scheduler"):
        with dask_executor("tcp://127.0.0.1:9", timeout=1):
            pass


def test_distributed_bad_options_fail_before_any_task() -> None:
    bag = dask_bag.from_sequence(["نص"], npartitions=1)
    with pytest.raises(ConfigError, match="style"):
        summarize_bag(bag, style="tweet")
    with pytest.raises(ConfigError, match="input_format"):
        summarize_bag(bag, input_format="pdf")


def test_distributed_summarize_partition_texts_and_junk() -> None:
    rows = summarize_partition(["نص عادي قصير عن الطقس في المدينة.", 42])
    assert [r["id"] for r in rows] == ["row-1", "row-2"]
    assert [r["status"] for r in rows] == ["ok", "error"]
    assert rows[1]["error"] == "expected a dict or a str, got int"


def test_distributed_without_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingDependencyError, match=r"mujaz\[dask\]"):
        summarize_bag(object())
    with pytest.raises(MissingDependencyError, match=r"mujaz\[dask\]"):
        with dask_executor("tcp://127.0.0.1:8786"):
            pass
