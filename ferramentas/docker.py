"""One way to run a `docker` command from the host: its output, or an error that carries its stderr."""

from __future__ import annotations

import subprocess


class DockerError(RuntimeError):
    """A docker command that exited non-zero; the message has the command and its stderr."""

    def __init__(self, mensagem: str, stdout: str = "", stderr: str = "") -> None:
        super().__init__(mensagem)
        # Some programs (an entrypoint refusing to start) say why on stdout, not stderr.
        self.stdout = stdout
        self.stderr = stderr


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
        motivo = (saida.stderr.strip() or saida.stdout.strip())[-2000:]
        raise DockerError(f"docker {' '.join(args[:3])} failed: {motivo}", saida.stdout, saida.stderr)
    return saida.stdout
