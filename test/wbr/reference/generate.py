"""
Writes the reference files of test/wbr/reference/: inputs made up here, with the results the WBR App's own
libraries give for them (PyYAML's safe_load for configs, pandas for CSV cells, aggregations and filter queries).
reference.test.ts checks that Pulse gives the same results. The tests never run this script: it needs Python with
PyYAML and pandas, and is run by hand when cases are added (the files are committed):

    python3 test/wbr/reference/generate.py

The App pins pandas 3; these files were made with the pandas at hand (1.5), whose results for these cases are the
ones pandas has given since its Kahan-compensated grouped sums (1.3).
"""
import datetime
import io
import json
import math
import os
import random

import numpy as np
import pandas as pd
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    with open(os.path.join(HERE, name), 'w', encoding='utf-8') as file:
        json.dump(data, file, ensure_ascii=False, separators=(',', ':'))
        file.write('\n')


def number(value):
    """A float or int as JSON can hold it: infinities and NaN as tagged strings."""
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        return {'float': 'nan' if math.isnan(value) else ('inf' if value > 0 else '-inf')}
    return value


# --- Configs: PyYAML's safe_load, the App's loader -------------------------------------------------------------

KEYS = ['a', 'ui_type', 'x.y', 'Key_2', 'yes', 'null', 'on', 'N', '_k', '2024', '-1', 'a b', 'a-b', '"q k"', "'s k'",
        'k#', 'ü', 'y', 'n', 'Y']
VALUES = ['', 'text', 'Metric m1', '6_12Graph', 'sum', 'yes', 'No', 'off', 'null', '~', 'y', 'n', 'ON', 'true', '0',
          '7', '-3', '+4', '0.5', '.5', '5.', '1e5', '2.5E-3', '1.0e+5', '-0.0', '007', '010', '08', '0x1F', '0o7',
          '0b1', '1_000', '1:30', '190:20:30.15', '2024-01-05', '2024-1-5x', '2001-12-14 21:59:43.10 -5', '.inf',
          '-.Inf', '.NaN', '-.NaN', '1.2.3', '12abc', '3e', 'e3', '.', 'a:b', 'a #b', 'a# b', "'quoted'",
          '"dq \\" x"', "it's", 'x"y', '#c', '-x', '?x', ':x', '[1, 2]', '{a: 1, b: [x, y]}', '&anchor', '*anchor',
          '|', '>', 'trailing ', 'ü', '25-SEP-2021', '##.#%', "'a''b'", '"\\u00e9"', 'True', 'FALSE', 'oN', '+.5',
          '-.5', '1e+5', '12e3', '-0', '00', '1__0', '_1']


def yaml_value(value):
    if isinstance(value, dict):
        return {'map': [[yaml_key(key), yaml_value(item)] for key, item in value.items()]}
    if isinstance(value, list):
        return [yaml_value(item) for item in value]
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return {'date': value.isoformat(timespec='milliseconds') + 'Z'}
    if isinstance(value, datetime.date):
        return {'date': value.isoformat() + 'T00:00:00.000Z'}
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    return number(value)


def yaml_key(key):
    """A mapping key as Pulse names it: the text of the value PyYAML made (JavaScript's String())."""
    if isinstance(key, bool):
        return 'true' if key else 'false'
    if key is None:
        return 'null'
    if isinstance(key, float):
        return 'Infinity' if key == math.inf else '-Infinity' if key == -math.inf else 'NaN' if math.isnan(key) else repr(key)
    return str(key)


def config_snippets(rng, count):
    snippets = []
    while len(snippets) < count:
        lines = []
        indent = 0
        for _ in range(1 + rng.randrange(8)):
            dash = '- ' if rng.random() < 0.2 else ''
            roll = rng.random()
            body = rng.choice(VALUES) if roll < 0.1 else f'{rng.choice(KEYS)}:' if roll < 0.25 else f'{rng.choice(KEYS)}: {rng.choice(VALUES)}'
            comment = ' # note' if rng.random() < 0.05 else ''
            lines.append(' ' * indent + dash + body + comment)
            step = rng.random()
            indent = indent + 2 if step < 0.3 else max(0, indent - 2) if step < 0.5 else indent
        text = '\n'.join(lines) + ('\n' if rng.random() < 0.5 else '')
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            continue  # the App refuses it; Pulse may read it (docs/wbr-compatibility.md, D13)
        snippets.append({'text': text, 'value': yaml_value(value)})
    return snippets


# --- CSV cells: pandas.read_csv(parse_dates=['Date'], thousands=','), as the App reads its data ----------------

CELLS = ['1', '-12.5', '0.1', '3.14159265358979323846', '1234567890123456789', '7e3', '1e5', '1E5', '1e+5', '1.5e-3',
         '+5', '-5', '.5', '5.', '-.5', '+.5', ' 5', '5 ', ' 5 ', '"5"', '"1,000"', '"1,000.5"', '"1,00"', '"1,0000"',
         '",5"', '"5,"', '"1,234,567"', '"12,34,567"', '"-1,000"', '"+1,000"', 'inf', '-inf', 'Inf', '+inf',
         'infinity', 'Infinity', '-Infinity', 'INF', 'NaN', 'nan', '-NaN', 'NA', 'N/A', '#N/A', 'null', 'NULL',
         '<NA>', 'n/a', '-nan', '1.#IND', '-', '--5', '0x10', '1_000', '00012', '+0', '1.2.3', '5%', '$5', '(5)',
         'TRUE', 'true', 'False', '4.9e-324', '0.1000000000000000055511151231257827', '1e-400', '1.', '0.0',
         '-0.0', '1e', 'e5', '1e5.5', '0.1e1', '9007199254740993', '1.00000000000000011102230246251565', '2.5e+2',
         '1d5', '""', '"NA"', '"\n12\r\n"', 'five', '1 000', '1,5']
# Left out on purpose (docs/wbr-compatibility.md): cells of spaces or an NA word with spaces (D14), integers pandas
# keeps as text or 0 but Pulse reads as numbers (beyond 2^53, and -0), and an unquoted comma (two cells).


def csv_cells(rng):
    results = []
    # Floats as Python writes them (up to 17 digits), where pandas' converter is not always the nearest double.
    written_floats = [repr(rng.uniform(0, 1000)) for _ in range(30)] + [repr(rng.uniform(-1e-3, 1e-3)) for _ in range(10)]
    for cell in CELLS + written_floats:
        if cell == '1,5':
            continue
        text = 'Date,v\n2024-01-01,' + cell + '\n2024-01-02,1\n'
        column = pd.read_csv(io.StringIO(text), parse_dates=['Date'], thousands=',')['v']
        if column.dtype.kind in 'fiu':
            value = float(column.iloc[0])
            results.append({'cell': cell, 'result': None if math.isnan(value) else number(value)})
        else:
            results.append({'cell': cell, 'result': 'text'})
    return results


# --- Aggregations: pandas' grouped aggfs, numpy's sum for a period's NaN-propagating sum -------------------------

AGGFS = ['mean', 'min', 'max', 'first', 'last', 'median', 'count', 'std', 'var', 'nunique', 'prod']


def aggregations(rng, count):
    cases = []
    for _ in range(count):
        length = rng.randint(1, 40)
        if rng.random() < 0.1:
            values = [rng.choice([0.0, -0.0, 1.0, 1.0, 2.5]) for _ in range(length)]
        else:
            values = [math.nan if rng.random() < 0.15 else round(rng.uniform(-50, 100), rng.choice([0, 1, 2, 5])) for _ in range(length)]
        grouped = pd.Series(values).groupby([0] * length)
        results = {aggf: float(grouped.agg(aggf).iloc[0]) for aggf in AGGFS}
        results['sum_day'] = float(grouped.sum(min_count=1).iloc[0])
        results['sum_period'] = float(np.array(values).sum())
        cases.append({'values': [None if math.isnan(v) else v for v in values],
                      'results': {key: None if math.isnan(value) else value for key, value in results.items()}})
    return cases


# --- Filter queries: DataFrame.query -----------------------------------------------------------------------------

def queries(rng, count):
    countries = ['US', 'UK', 'DE', 'us', 'U S', None, '']
    rows = [{'Country': rng.choice(countries), 'Channel': rng.choice(['web', 'app', 'store', None]),
             'Sales': None if rng.random() < 0.15 else round(rng.random() * 2000) / 100 - 3,
             'Units': rng.randrange(7) - 1} for _ in range(40)]
    text_columns, number_columns = ['Country', 'Channel'], ['Sales', 'Units']

    def text_literal():
        quote = rng.choice(["'", '"'])
        return quote + rng.choice(['US', 'UK', 'DE', 'web', 'app', 'x', '', 'U S']) + quote

    def number_literal():
        return rng.choice(['0', '1', '5', '-1', '2.5', '.5', '1e1', '10', '-3', '3.0'])

    def comparison():
        roll = rng.random()
        if roll < 0.35:
            return f"{rng.choice(text_columns)} {rng.choice(['==', '!='])} {text_literal()}"
        if roll < 0.65:
            return f"{rng.choice(number_columns)} {rng.choice(['==', '!=', '<', '>', '<=', '>='])} {number_literal()}"
        if roll < 0.8:
            column = rng.choice(text_columns + number_columns)
            items = [text_literal() if column in text_columns else number_literal() for _ in range(1 + rng.randrange(3))]
            return f"{column} {rng.choice(['in', 'not in'])} [{', '.join(items)}]"
        if roll < 0.9:
            return f"{number_literal()} {rng.choice(['<', '<='])} {rng.choice(number_columns)} {rng.choice(['<', '<='])} {number_literal()}"
        return f"{rng.choice(text_columns)} {rng.choice(['==', '!='])} {rng.choice(text_columns)}"

    def expression(depth):
        roll = rng.random()
        if depth > 2 or roll < 0.4:
            return comparison()
        if roll < 0.55:
            return f"{rng.choice(['not ', '~'])}({expression(depth + 1)})"
        if roll < 0.7:
            return f'({expression(depth + 1)})'
        return f"{expression(depth + 1)} {rng.choice(['and', 'or', '&', '|'])} {expression(depth + 1)}"

    frame = pd.DataFrame(rows)
    frame['Sales'] = frame['Sales'].astype(float)
    cases = []
    for _ in range(count):
        query = expression(0)
        cases.append({'query': query, 'rows': [int(index) for index in frame.query(query, engine='python').index]})
    return {'rows': rows, 'cases': cases}


if __name__ == '__main__':
    rng = random.Random(20261126)
    write('pyyaml-configs.json', config_snippets(rng, 400))
    write('pandas-read-csv.json', csv_cells(rng))
    write('pandas-aggregations.json', aggregations(rng, 150))
    write('pandas-query.json', queries(rng, 400))
