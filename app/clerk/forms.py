"""The clerk's forms: CSRF through Flask-WTF, each action with a required note for the audit trail."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

NOTE_REQUIRED = _l("请填写处理说明（记入审计记录）")


class NoteForm(FlaskForm):
    """Retry, approve, reject, hand over: the note says why."""

    note = TextAreaField(_l("处理说明"), validators=[DataRequired(NOTE_REQUIRED), Length(max=1000)])


class PromiseForm(NoteForm):
    """容缺受理: which document, promised by when."""

    document = StringField(_l("容缺材料"), validators=[DataRequired(_l("请填写容缺的材料名称")), Length(max=200)])
    promised_by = DateField(_l("承诺补交日期"), validators=[DataRequired(_l("请填写承诺补交日期，如 2026-12-01"))])


class CorrectionForm(NoteForm):
    """补正: the field checkboxes and reasons are read from the request (one pair per correctable field)."""


class CalendarForm(FlaskForm):
    year = StringField(_l("年份"), validators=[DataRequired(_l("请填写年份，如 2027"))])
    holidays = TextAreaField(_l("节假日（每行一个日期或日期范围）"))
    workdays = TextAreaField(_l("调休上班日（每行一个日期）"))
