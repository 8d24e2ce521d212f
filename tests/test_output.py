"""The output writer: nothing of the user's lost, modes from the umask, signals clean up."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from conefi_dbtool.errors import UsageError
from conefi_dbtool.output import MANIFEST_NAME, write_render, write_text_atomic
from conefi_dbtool.render import RenderResult, render_target


@pytest.fixture(scope="module")
def result(project) -> RenderResult:  # type: ignore[no-untyped-def]
    return render_target(project, project.target("example"))


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _default_disposition(signum: int) -> None:
    signal.signal(signum, signal.SIG_DFL)


def _hidden(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


# --- 1. replacing a directory only when it is an untouched render ---------------------------


def test_a_directory_with_a_manifest_and_user_files_is_refused(tmp_path: Path, result: RenderResult) -> None:
    out = tmp_path / "out"
    (out / "src").mkdir(parents=True)
    (out / "src" / "main.py").write_text("print('mine')\n")
    (out / "README").write_text("my notes\n")
    (out / MANIFEST_NAME).write_text(json.dumps({"tool": "conefi-dbtool", "objects": []}))
    before = _snapshot(out)
    with pytest.raises(UsageError) as info:
        write_render(result, out)
    message = str(info.value)
    assert "README" in message and "src" in message and str(out) in message
    assert _snapshot(out) == before
    assert _hidden(tmp_path) == []


def test_a_manifest_another_tool_wrote_is_refused(tmp_path: Path, result: RenderResult) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST_NAME).write_text(json.dumps({"name": "my-npm-thing", "objects": []}))
    with pytest.raises(UsageError, match="not written by conefi-dbtool"):
        write_render(result, out)
    assert (out / MANIFEST_NAME).read_text().startswith('{"name"')


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"tool": "conefi-dbtool"}',
                                  '{"tool": "conefi-dbtool", "objects": [{"file": "../x"}]}',
                                  '{"tool": "conefi-dbtool", "objects": ["a"]}'])
def test_a_malformed_manifest_is_refused(tmp_path: Path, result: RenderResult, text: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST_NAME).write_text(text)
    with pytest.raises(UsageError, match="refusing to replace"):
        write_render(result, out)
    assert (out / MANIFEST_NAME).read_text() == text


def test_a_rendered_file_edited_by_hand_is_refused(tmp_path: Path, result: RenderResult) -> None:
    out = tmp_path / "out"
    write_render(result, out)
    first = sorted(p for p in out.iterdir() if p.name != MANIFEST_NAME)[0]
    first.write_text(first.read_text() + "-- my fix\n")
    with pytest.raises(UsageError) as info:
        write_render(result, out)
    assert f"{first.name} (changed since it was rendered)" in str(info.value)
    assert first.read_text().endswith("-- my fix\n")


def test_an_extra_file_beside_a_previous_render_is_refused(tmp_path: Path, result: RenderResult) -> None:
    out = tmp_path / "out"
    write_render(result, out)
    (out / "notes.txt").write_text("keep")
    with pytest.raises(UsageError, match=r"notes\.txt"):
        write_render(result, out)
    assert (out / "notes.txt").read_text() == "keep"


def test_an_untouched_previous_render_and_an_empty_directory_are_replaced(
    tmp_path: Path, result: RenderResult
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_render(result, out)
    write_render(result, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([MANIFEST_NAME, *(o["file"] for o in json.loads(
        (out / MANIFEST_NAME).read_text())["objects"])])
    assert _hidden(tmp_path) == []


def test_a_file_in_the_way_is_refused(tmp_path: Path, result: RenderResult) -> None:
    out = tmp_path / "out"
    out.write_text("precious")
    with pytest.raises(UsageError, match="not a directory"):
        write_render(result, out)
    assert out.read_text() == "precious"


def test_a_failed_swap_puts_the_previous_render_back(
    tmp_path: Path, result: RenderResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_render(result, out)
    before = _snapshot(out)
    real_replace = os.replace

    def failing_replace(src: object, dst: object) -> None:
        if Path(str(dst)) == out and ".old-" not in str(src):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(UsageError, match=f"{out}: cannot write: No space left on device"):
        write_render(result, out)
    monkeypatch.undo()
    assert _snapshot(out) == before
    assert _hidden(tmp_path) == []


# --- 2. modes follow the umask; existing ones are kept ---------------------------------------


@pytest.mark.parametrize(("mask", "file_mode", "dir_mode"), [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750),
                                                             (0o002, 0o664, 0o775)])
def test_render_modes_follow_the_umask(
    tmp_path: Path, result: RenderResult, mask: int, file_mode: int, dir_mode: int
) -> None:
    old = os.umask(mask)
    try:
        out = write_render(result, tmp_path / "out")
    finally:
        os.umask(old)
    assert _mode(out) == dir_mode
    modes = {_mode(p) for p in out.iterdir()}
    assert modes == {file_mode}


def test_an_existing_output_directory_keeps_its_mode_and_setgid(
    tmp_path: Path, result: RenderResult, umask_022: None
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.chmod(out, 0o2770)
    write_render(result, out)
    assert _mode(out) == 0o2770
    write_render(result, out)
    assert _mode(out) == 0o2770


def test_an_existing_output_directory_keeps_its_group(tmp_path: Path, result: RenderResult) -> None:
    if os.geteuid() != 0:
        pytest.skip("changing a directory's group to another one needs root here")
    out = tmp_path / "out"
    out.mkdir()
    os.chown(out, -1, 1)  # group 'daemon' on Debian; any non-default group will do
    write_render(result, out)
    assert os.stat(out).st_gid == 1


def test_single_file_outputs_follow_the_umask_and_keep_an_existing_mode(
    tmp_path: Path, umask_022: None
) -> None:
    new = tmp_path / "sub" / "release.sql"
    write_text_atomic(new, "SELECT 1 FROM dual;\n")
    assert _mode(new) == 0o644 and _mode(new.parent) == 0o755
    tracked = tmp_path / "tracked.md"
    tracked.write_text("old\n")
    os.chmod(tracked, 0o664)
    write_text_atomic(tracked, "new\n")
    assert tracked.read_text() == "new\n" and _mode(tracked) == 0o664
    private = tmp_path / "private.sql"
    private.write_text("x")
    os.chmod(private, 0o600)
    write_text_atomic(private, "y")
    assert _mode(private) == 0o600
    assert _hidden(tmp_path) == []


def test_an_unwritable_output_names_the_output_path(tmp_path: Path, result: RenderResult) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UsageError) as info:
        write_text_atomic(blocker / "out.sql", "x")
    assert str(info.value).startswith(f"{blocker / 'out.sql'}: cannot write")
    with pytest.raises(UsageError) as info:
        write_render(result, blocker / "dir")
    assert str(info.value).startswith(f"{blocker / 'dir'}: cannot write")
    assert ".out" not in str(info.value)


def test_writing_over_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a directory"):
        write_text_atomic(tmp_path, "x")


# --- 5. concurrent renders into one directory -------------------------------------------------


def test_concurrent_renders_into_one_directory_all_succeed(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    loop = textwrap.dedent(f"""
        import sys
        from conefi_dbtool.cli import main
        for _ in range(6):
            try:
                main(["--config", {str(root / "conefi.toml")!r}, "render", "-t", "example",
                      "--out", {str(out)!r}])
            except SystemExit as exc:
                if exc.code:
                    sys.exit(exc.code)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", loop], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    assert results == [(0, "")] * 3
    assert _hidden(tmp_path) == []
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert len(list(out.iterdir())) == len(manifest["objects"]) + 1


# --- 6. SIGTERM and SIGHUP clean up like SIGINT ------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_render_leaves_no_staging_and_the_old_render(
    root: Path, tmp_path: Path, signum: int
) -> None:
    out = tmp_path / "out"
    config = str(root / "conefi.toml")
    assert subprocess.run([sys.executable, "-m", "conefi_dbtool", "--config", config, "render", "-t",
                           "example", "--out", str(out)], capture_output=True, check=False).returncode == 0
    before = _snapshot(out)
    script = textwrap.dedent(f"""
        import os, time
        from conefi_dbtool import output
        from conefi_dbtool.cli import main
        real = output._fill_staging
        def slow(staging, result):
            real(staging, result)
            os.kill(os.getpid(), {int(signum)})
            time.sleep(30)
        output._fill_staging = slow
        main(["--config", {config!r}, "render", "-t", "example", "--out", {str(out)!r}])
    """)
    # The child starts with the default disposition, as under a terminal or a CI runner; a
    # parent that ignores the signal (nohup) is respected by the tool and would hide the test.
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False, preexec_fn=lambda: _default_disposition(signum))
    assert proc.returncode == 128 + signum
    assert proc.stderr == f"conefi-dbtool: terminated by {signal.Signals(signum).name}\n"
    assert _hidden(tmp_path) == []
    assert _snapshot(out) == before
