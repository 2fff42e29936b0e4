"""The wheel of the running Redline, which `redline new` and `redline upgrade` put into a policy
repository (`vendor/`), so that its workflow installs exactly the Redline that made it and never
asks a package index for the name `redline` (whoever registers it there would run code in a job
that may deploy the site).

A wheel is a zip of the package's files and a `.dist-info` folder. When Redline was installed
from a wheel, its RECORD lists the files; an editable installation (a checkout) has no such
list, so its package folders are read instead. The zip is deterministic (sorted, fixed dates):
the same Redline gives the same bytes, so a second `redline new` or `redline upgrade` changes
nothing.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from importlib.resources import files
from pathlib import Path

from redline.errors import RedlineError

#: Every package of the distribution; the data packages are mapped from the repository's top
#: level (pyproject.toml), so in a checkout they are not below `plugins/redline/`.
PACKAGES = ("redline", "redline._theme", "redline._locales", "redline._examples", "redline._policy")
#: Zip entries carry this date (the earliest a zip can hold): the bytes depend on the files only.
_EPOCH = (1980, 1, 1, 0, 0, 0)
_WHEEL = "Wheel-Version: 1.0\nGenerator: redline\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


class WheelError(RedlineError):
    """The running Redline cannot be written as a wheel (the message says why)."""


def _running() -> Distribution:
    try:
        return distribution("redline")
    except PackageNotFoundError:
        raise WheelError(
            "this Redline has no installation metadata; install it (pip install .) and run again"
        ) from None


def wheel_name(dist: Distribution | None = None) -> str:
    """`redline-<version>-py3-none-any.whl` for the running Redline."""
    found = dist or _running()
    return f"redline-{found.version.replace('-', '_')}-py3-none-any.whl"


def package_files() -> dict[str, bytes]:
    """The running Redline's package files: path in the wheel -> content."""
    dist = _running()
    recorded = [
        path
        for path in dist.files or ()
        if path.parts[0] == "redline" and "__pycache__" not in path.parts
    ]
    if any(path.suffix == ".py" for path in recorded):  # installed from a wheel
        return {
            path.as_posix(): Path(str(dist.locate_file(path))).read_bytes() for path in recorded
        }
    found: dict[str, bytes] = {}
    for package in PACKAGES:  # an editable installation: the package folders themselves
        folder = files(package)
        if not isinstance(folder, Path):
            raise WheelError(f"{package} is not a folder on disk; install Redline from a wheel")
        prefix = package.replace(".", "/")
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if (
                path.is_file()
                and not any(
                    part.startswith(".") or part == "__pycache__" for part in relative.parts
                )
                and path.suffix not in (".pyc", ".mo")
            ):
                found.setdefault(f"{prefix}/{relative.as_posix()}", path.read_bytes())
    return found


def _digest(data: bytes) -> str:
    encoded = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={encoded.decode('ascii')}"


def write_wheel(folder: Path) -> Path:
    """Write the running Redline's wheel into `folder`; returns its path."""
    dist = _running()
    metadata = dist.read_text("METADATA")
    if not metadata:
        raise WheelError("this Redline's installation has no METADATA; reinstall it")
    info = f"redline-{dist.version.replace('-', '_')}.dist-info"
    entries = dict(sorted(package_files().items()))
    entries[f"{info}/METADATA"] = metadata.encode("utf-8")
    entries[f"{info}/WHEEL"] = _WHEEL.encode("utf-8")
    points = dist.read_text("entry_points.txt")
    if points:
        entries[f"{info}/entry_points.txt"] = points.encode("utf-8")
    record = "".join(f"{name},{_digest(data)},{len(data)}\n" for name, data in entries.items())
    entries[f"{info}/RECORD"] = f"{record}{info}/RECORD,,\n".encode()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / wheel_name(dist)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            entry = zipfile.ZipInfo(name, _EPOCH)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return target


def sha256(path: Path) -> str:
    """The hex SHA-256 of the file at `path`, as `sha256sum` prints it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
