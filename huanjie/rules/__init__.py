"""The law as code: pure, typed, Django-free rules of village and community elections.

Every decision returns the steps that made it, each with a rule id, a citation (law and article)
and a Chinese sentence, so that a town official can read the verdict aloud and check it.
"""
