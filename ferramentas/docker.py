"""One way to run a `docker` command from the host: its output, or an error that carries its stderr."""

from __future__ import annotations

import subprocess


class DockerError(RuntimeError):
    """A docker command that exited non-zero; the message has the command and its stderr."""


def docker(
    *args: str, entrada: str | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> str:
    """Run `docker ...` (env: its whole environment, DOCKER_HOST included); its stdout."""
    saida = subprocess.run(
        ["docker", *args],
        input=entrada,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if saida.returncode != 0:
        raise DockerError(f"docker {' '.join(args[:3])} failed: {saida.stderr.strip()[-2000:]}")
    return saida.stdout
