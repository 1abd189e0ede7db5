import shutil
import subprocess

from deploy import nginx

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def write(tmp_path):
    return nginx.write(tmp_path, public_interface="127.0.0.1", public_port=18000, rasa_ports=[15005, 15006],
                       web_port=18080, actions_port=15055, action_ports=[15056, 15057], max_body=262144,
                       actions_max_body=8388608)


def test_every_replica_is_an_upstream_and_bodies_are_capped(tmp_path):
    config = write(tmp_path).read_text()
    for port in (15005, 15006, 15056, 15057):
        assert config.count(f"server 127.0.0.1:{port} ") >= 1
    assert "client_max_body_size 262144;" in config and "listen 127.0.0.1:15055;" in config
    assert "hash $remote_addr consistent;" in config  # socket.io polling: one replica per client
    uploads = config.split("location = /console/api/documents {", 1)[1].split("}", 1)[0]
    assert "client_max_body_size 20m;" in uploads  # only the console's uploads get more


def test_nginx_accepts_the_configuration(tmp_path):
    config = write(tmp_path)
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
