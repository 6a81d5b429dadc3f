"""Output files: `-o -` is stdout; `-o` never replaces the input, a device, a link out of its folder;
a failed write (disk full, missing folder) is one line naming the path and leaves no partial file;
new files get the umask mode; file names are printed escaped."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.atomic import OutputError, check_writable, write_text_atomic
from kehoach.cli import main
from tests.badpdfs import SAMPLE, not_a_pdf


@pytest.fixture(scope="module")
def plan_json(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("plan") / "plan.json"
    result = CliRunner().invoke(main, ["extract", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _extract(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["extract", *args])
    return result.exit_code, result.stdout, result.stderr


def test_dash_means_standard_output(tmp_path: Path, plan_json: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = _extract(str(SAMPLE), "-o", "-")
    assert code == 0 and out == plan_json
    assert not (tmp_path / "-").exists()


def test_output_onto_the_input_is_refused(tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(SAMPLE.read_bytes())
    os.link(pdf, tmp_path / "same.pdf")
    for target in (pdf, tmp_path / "same.pdf", tmp_path / "." / "plan.pdf"):
        code, _, err = _extract(str(pdf), "-o", str(target))
        assert code == 1 and "is the input file" in err and len(err.splitlines()) == 1
    assert pdf.read_bytes() == SAMPLE.read_bytes()


def test_output_to_a_device_pipe_or_folder_is_refused(tmp_path: Path) -> None:
    code, _, err = _extract(str(SAMPLE), "-o", "/dev/null")
    assert code == 1 and err.strip() == "error: /dev/null: " + (
        "not a regular file (a device, folder or pipe); use -o - for standard output"
    )
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode), "the device is left as it was"
    os.mkfifo(tmp_path / "pipe")
    for target in (tmp_path / "pipe", tmp_path):
        with pytest.raises(OutputError, match="not a regular file"):
            check_writable(target)


def test_link_out_of_its_folder_is_refused_and_a_link_inside_is_kept(tmp_path: Path, plan_json: str) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "escape.json").symlink_to(outside)
    code, _, err = _extract(str(SAMPLE), "-o", str(folder / "escape.json"))
    assert code == 1 and "symbolic link to a file outside its folder" in err
    assert outside.read_text(encoding="utf-8") == "keep me"
    (folder / "latest.json").symlink_to("plan-v2.json")
    code, _, _ = _extract(str(SAMPLE), "-o", str(folder / "latest.json"))
    assert code == 0 and (folder / "latest.json").is_symlink()
    assert (folder / "plan-v2.json").read_text(encoding="utf-8") == plan_json


def test_missing_folder_is_one_line_naming_the_path(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "plan.json"
    code, _, err = _extract(str(SAMPLE), "-o", str(target))
    assert code == 1
    assert err.strip() == f"error: {target}: cannot write (folder {target.parent} does not exist)"
    under_a_file = tmp_path / "file.txt"
    under_a_file.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"report.json: cannot write \(Not a directory\)"):
        check_writable(under_a_file / "report.json")


def test_full_disk_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    existing = tmp_path / "plan.json"
    existing.write_text("old version", encoding="utf-8")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as caught:
        write_text_atomic(existing, "new version " * 1000)
    assert str(caught.value) == f"{existing}: cannot write (No space left on device)"
    assert existing.read_text(encoding="utf-8") == "old version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"], "no temporary file left behind"


def test_full_disk_on_a_tiny_tmpfs(tmp_path: Path) -> None:
    mount = tmp_path / "tiny"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        code, _, err = _extract(str(SAMPLE), "-o", str(mount / "plan.json"))
        assert code == 1 and err.strip() == f"error: {mount / 'plan.json'}: cannot write (No space left on device)"
        assert list(mount.iterdir()) == []
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_new_files_get_the_umask_mode_and_replaced_files_keep_theirs(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "new.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640
    kept = tmp_path / "kept.json"
    kept.write_text("{}", encoding="utf-8")
    kept.chmod(0o604)
    write_text_atomic(kept, "{}")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o604


def test_file_name_with_a_newline_cannot_forge_a_line(tmp_path: Path) -> None:
    bad = not_a_pdf(tmp_path).rename(tmp_path / "x.pdf\nstored: forged.pdf (9 tasks")
    code, _, err = _extract(str(bad))
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("error: ") and "x.pdf\\nstored: forged.pdf" in err
