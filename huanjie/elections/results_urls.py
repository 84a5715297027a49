from django.urls import path

from huanjie.elections import results_handover_views as hv
from huanjie.elections import results_views as v

app_name = "elections_results"

urlpatterns = [
    # results (issue 13 reqs. 1, 2, 4): rounds, tally sheets, announced result, certification, receipt
    path("", v.index, name="index"),
    path("election/<int:pk>/", v.election, name="election"),
    path("election/<int:pk>/round/", v.round_new, name="round_new"),
    path("round/<int:pk>/", v.round_view, name="round"),
    path("round/<int:pk>/sheet/", v.sheet_new, name="sheet_new"),
    path("round/<int:pk>/announce/", v.announce, name="announce"),
    path("round/<int:pk>/certify/", v.certify, name="certify"),
    path("round/<int:pk>/unlock/", v.unlock, name="unlock"),
    path("round/<int:pk>/announcement.pdf", v.announcement_pdf, name="announcement_pdf"),
    path("round/<int:pk>/certificates.pdf", v.certificates_pdf, name="certificates_pdf"),
    path("sheet/<int:pk>/", v.sheet, name="sheet"),
    path("sheet/<int:pk>/edit/", v.sheet_edit, name="sheet_edit"),
    path("sheet/<int:pk>/verify/", v.sheet_verify, name="sheet_verify"),
    path("sheet/<int:pk>/reopen/", v.sheet_reopen, name="sheet_reopen"),
    path("sheet/<int:pk>/photo/", v.sheet_photo, name="sheet_photo"),
    path("verify/", v.verify, name="verify"),
    # results become tenures; the handover (issue 13 req. 7)
    path("round/<int:pk>/tenures/", hv.round_tenures, name="round_tenures"),
    path("handover/<int:pk>/", hv.handover, name="handover"),
    path("handover/<int:pk>/submit/", hv.handover_submit, name="handover_submit"),
    path("handover/<int:pk>/sign-off/", hv.handover_sign_off, name="handover_sign_off"),
    path("handover/<int:pk>/return/", hv.handover_return, name="handover_return"),
    path("handover-item/<int:pk>/", hv.item_record, name="handover_item"),
    path("handover-item/<int:pk>/evidence/", hv.item_evidence, name="handover_evidence"),
]

# party results (issue 13 req. 5) and the voiding record (req. 8)
from huanjie.elections import results_party_views as pv  # noqa: E402

urlpatterns += [
    path("party/<int:pk>/", pv.party_election, name="party_election"),
    path("party/<int:pk>/meeting/", pv.party_meeting_new, name="party_meeting_new"),
    path("party_meeting/<int:pk>/", pv.party_meeting, name="party_meeting"),
    path("party_meeting/<int:pk>/submit/", pv.party_submit, name="party_submit"),
    path("party_meeting/<int:pk>/approve/", pv.party_approve, name="party_approve"),
    path("party_meeting/<int:pk>/return/", pv.party_return, name="party_return"),
]

# later rounds, re-runs and by-elections (issue 13 req. 3); follow-on elections (req. 6)
from huanjie.elections import results_followon_views as fv  # noqa: E402
from huanjie.elections import results_rounds_views as rv  # noqa: E402

urlpatterns += [
    path("election/<int:pk>/later/", rv.later, name="later"),
    path("election/<int:pk>/later/new/", rv.later_new, name="later_new"),
    path("election/<int:pk>/rerun/", rv.rerun, name="rerun"),
    path("election/<int:pk>/by-election/", rv.by_election, name="by_election"),
    path("round/<int:pk>/later-ballot.pdf", rv.later_ballot_pdf, name="later_ballot_pdf"),
    path("election/<int:pk>/followon/", fv.followon_result, name="followon_result"),
    path("election/<int:pk>/followon/save/", fv.followon_save, name="followon_save"),
]

# the voiding record with its forms (issue 13 req. 8); filing (备案) of certified results (req. 4)
from huanjie.elections import results_void_views as vv  # noqa: E402

urlpatterns += [
    path("void/<int:pk>/", vv.void_record, name="void_record"),
    path("void/<int:pk>/decide/", vv.void_decide, name="void_decide"),
    path("void/<int:pk>/referral/", vv.void_refer, name="void_refer"),
    path("round/<int:pk>/file/", vv.round_file, name="round_file"),
    path("filings/", vv.filings, name="filings"),
    path("filing/<int:pk>/receive/", vv.filing_receive, name="filing_receive"),
]

# individual ballots of a box (issue 13 req. 1)
from huanjie.elections import results_ballots_views as bv  # noqa: E402

urlpatterns += [
    path("round/<int:pk>/ballots/", bv.ballots_begin, name="ballots_begin"),
    path("sheet/<int:pk>/ballots/", bv.ballots, name="ballots"),
    path("sheet/<int:pk>/ballots/begin/", bv.sheet_ballots_begin, name="sheet_ballots_begin"),
    path("sheet/<int:pk>/ballots/clear/", bv.ballots_clear, name="ballots_clear"),
    path("ballot/<int:pk>/delete/", bv.ballot_delete, name="ballot_delete"),
]
