"""换届通 (Huanjie): the system a city organization department uses to run village and community
two-committee transition elections (村(社区)“两委”换届)."""
