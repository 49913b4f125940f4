"""The journeys' run watch (devtools.live_app.RunWatch) reads Streamlit's websocket
frames: a run asked for by the browser and not yet started, or started and not yet
ended, is not idle; other frames change nothing."""

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from devtools.live_app import RunWatch


def _ask() -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = "lang=zh"
    return msg.SerializeToString()


def _started() -> bytes:
    msg = ForwardMsg()
    msg.new_session.page_script_hash = "page"
    return msg.SerializeToString()


def _finished() -> bytes:
    msg = ForwardMsg()
    msg.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    return msg.SerializeToString()


def _other_back() -> bytes:
    msg = BackMsg()
    msg.app_heartbeat = True
    return msg.SerializeToString()


def test_a_run_asked_for_is_busy_until_a_run_started_after_it_has_ended():
    watch = RunWatch()
    assert watch.idle()
    watch.sent(_ask())
    assert not watch.idle()  # asked, not started
    watch.received(_started())
    assert not watch.idle()  # running
    watch.received(_finished())
    assert watch.idle()
    assert watch.requests == 1


def test_a_request_during_a_run_keeps_the_app_busy_past_that_runs_end():
    watch = RunWatch()
    watch.sent(_ask())
    watch.received(_started())
    watch.sent(_ask())  # a click while the run goes on
    watch.sent(_ask())  # and another: the server folds them into one run
    watch.received(_finished())  # the first run stops early for the rerun
    assert not watch.idle()
    watch.received(_started())
    assert not watch.idle()
    watch.received(_finished())
    assert watch.idle()


def test_other_frames_and_text_frames_change_nothing():
    watch = RunWatch()
    watch.sent(_other_back())
    watch.sent("not protobuf")
    watch.received(b"\xff\xfe not a message")
    assert watch.idle() and watch.requests == 0 and watch.events == 0
