import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication

from csc_workforce.core import charts
from csc_workforce.web.env import env, env_int


class Command(BaseCommand):
    help = (
        "Serve the application with gunicorn (static files included), on 127.0.0.1:8000; with "
        "--with-worker, the background worker (cscw worker) too, stopped with the server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=env("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("PORT", 8000))
        parser.add_argument("--workers", type=int, default=env_int("WEB_CONCURRENCY", 2))
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="run the background worker beside the server (one command for a demo)",
        )

    def handle(
        self, *args: Any, host: str, port: int, workers: int, with_worker: bool, **options: Any
    ) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        url = f"http://{host}:{port}"
        stdout = self.stdout

        def announce(server: object) -> None:
            stdout.write(f"Listening on {url}")
            stdout.flush()

        worker = (
            subprocess.Popen([sys.executable, "-m", "csc_workforce", "worker"])
            if with_worker
            else None
        )
        try:
            GunicornApplication(
                {"bind": f"{host}:{port}", "workers": workers, "when_ready": announce}
            ).run()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait()


class GunicornApplication(BaseApplication):
    def __init__(self, options: dict[str, object]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> object:
        application = get_wsgi_application()
        # matplotlib's import and first drawing in each worker as it starts, not in the first
        # request that shows a chart
        charts.warm()
        return application
