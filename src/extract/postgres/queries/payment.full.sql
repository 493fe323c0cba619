SELECT {{columns Payment t}}
FROM {{Payment}} t
